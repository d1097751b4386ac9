-- AlterTable
ALTER TABLE "actions" ADD COLUMN     "counter_usage" JSONB;
