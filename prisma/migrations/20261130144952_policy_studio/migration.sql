-- CreateEnum
CREATE TYPE "PolicyPublishedVia" AS ENUM ('direct', 'reviewed', 'emergency');

-- CreateEnum
CREATE TYPE "PolicyDraftStatus" AS ENUM ('open', 'published', 'discarded');

-- CreateEnum
CREATE TYPE "PolicyChangeKind" AS ENUM ('publish', 'rollback');

-- CreateEnum
CREATE TYPE "PolicyChangeStatus" AS ENUM ('pending', 'approved', 'rejected', 'expired', 'cancelled');

-- AlterTable
ALTER TABLE "policy_versions" ADD COLUMN     "change_request_id" UUID,
ADD COLUMN     "emergency_reason" TEXT,
ADD COLUMN     "published_via" "PolicyPublishedVia" NOT NULL DEFAULT 'direct',
ADD COLUMN     "reviewed_by_id" UUID;

-- CreateTable
CREATE TABLE "policy_drafts" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "author_id" UUID NOT NULL,
    "base_version" INTEGER NOT NULL,
    "files" JSONB NOT NULL,
    "status" "PolicyDraftStatus" NOT NULL DEFAULT 'open',
    "version" INTEGER NOT NULL DEFAULT 0,
    "published_version" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "policy_drafts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_change_requests" (
    "id" UUID NOT NULL,
    "kind" "PolicyChangeKind" NOT NULL,
    "draft_id" UUID,
    "author_id" UUID,
    "author_label" TEXT NOT NULL,
    "base_version" INTEGER NOT NULL,
    "rolled_back_from" INTEGER,
    "files" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "tests" JSONB NOT NULL DEFAULT '[]',
    "replay" JSONB NOT NULL DEFAULT '{}',
    "status" "PolicyChangeStatus" NOT NULL DEFAULT 'pending',
    "version" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "reviewer_id" UUID,
    "review_comment" TEXT,
    "published_version" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),

    CONSTRAINT "policy_change_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_shadow_runs" (
    "id" UUID NOT NULL,
    "draft_id" UUID,
    "label" TEXT NOT NULL,
    "files" JSONB NOT NULL,
    "checksum" TEXT NOT NULL,
    "started_by_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stopped_by_id" UUID,
    "stopped_at" TIMESTAMPTZ(3),
    "evaluated" INTEGER NOT NULL DEFAULT 0,
    "disagreements" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "policy_shadow_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "policy_shadow_disagreements" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    "action_id" UUID NOT NULL,
    "agent_name" TEXT NOT NULL,
    "action_type" TEXT NOT NULL,
    "resource" TEXT NOT NULL,
    "live_effect" "DecisionEffect" NOT NULL,
    "live_rule" TEXT,
    "shadow_effect" "DecisionEffect" NOT NULL,
    "shadow_rule" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "policy_shadow_disagreements_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "policy_drafts_status_updated_at_idx" ON "policy_drafts"("status", "updated_at");

-- CreateIndex
CREATE INDEX "policy_change_requests_status_expires_at_idx" ON "policy_change_requests"("status", "expires_at");

-- CreateIndex
CREATE INDEX "policy_shadow_runs_stopped_at_idx" ON "policy_shadow_runs"("stopped_at");

-- CreateIndex
CREATE INDEX "policy_shadow_disagreements_run_id_id_idx" ON "policy_shadow_disagreements"("run_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "policy_versions_change_request_id_key" ON "policy_versions"("change_request_id");

-- AddForeignKey
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_reviewed_by_id_fkey" FOREIGN KEY ("reviewed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_change_requests" ADD CONSTRAINT "policy_change_requests_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "policy_drafts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_change_requests" ADD CONSTRAINT "policy_change_requests_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_change_requests" ADD CONSTRAINT "policy_change_requests_reviewer_id_fkey" FOREIGN KEY ("reviewer_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_shadow_runs" ADD CONSTRAINT "policy_shadow_runs_draft_id_fkey" FOREIGN KEY ("draft_id") REFERENCES "policy_drafts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_shadow_runs" ADD CONSTRAINT "policy_shadow_runs_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_shadow_runs" ADD CONSTRAINT "policy_shadow_runs_stopped_by_id_fkey" FOREIGN KEY ("stopped_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "policy_shadow_disagreements" ADD CONSTRAINT "policy_shadow_disagreements_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "policy_shadow_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
