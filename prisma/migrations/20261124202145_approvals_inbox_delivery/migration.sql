-- CreateEnum
CREATE TYPE "DeliveryKind" AS ENUM ('callback', 'slack', 'email');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'delivered', 'failed');

-- AlterTable
ALTER TABLE "actions" ADD COLUMN     "decision_token" TEXT;

-- AlterTable
ALTER TABLE "approval_requests" ADD COLUMN     "policy" TEXT,
ADD COLUMN     "rule" TEXT;

-- AlterTable
ALTER TABLE "approval_steps" ADD COLUMN     "approver_groups" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "escalate_groups" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "standing_approvals" ADD COLUMN     "currency" TEXT,
ADD COLUMN     "note" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "revoked_by_id" UUID,
ADD COLUMN     "source_approval_id" UUID;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "groups" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "kind" "DeliveryKind" NOT NULL,
    "event" TEXT NOT NULL,
    "action_id" UUID,
    "agent_id" UUID,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "response_status" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "deliveries_agent_id_created_at_idx" ON "deliveries"("agent_id", "created_at");

-- CreateIndex
CREATE INDEX "deliveries_action_id_idx" ON "deliveries"("action_id");

-- CreateIndex
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at");

-- AddForeignKey
ALTER TABLE "standing_approvals" ADD CONSTRAINT "standing_approvals_revoked_by_id_fkey" FOREIGN KEY ("revoked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_action_id_fkey" FOREIGN KEY ("action_id") REFERENCES "actions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_agent_id_fkey" FOREIGN KEY ("agent_id") REFERENCES "agents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
