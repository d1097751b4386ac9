-- AlterTable
ALTER TABLE "actions" ADD COLUMN     "request_hash" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "kill_switches" ADD COLUMN     "auto_reject" BOOLEAN NOT NULL DEFAULT false;
