-- AlterTable
ALTER TABLE "standing_approvals" ADD COLUMN     "policy" TEXT,
ADD COLUMN     "rule" TEXT;
