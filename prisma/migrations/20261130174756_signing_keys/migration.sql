-- CreateEnum
CREATE TYPE "SigningKeyPurpose" AS ENUM ('audit', 'decision');

-- CreateTable
CREATE TABLE "signing_keys" (
    "id" UUID NOT NULL,
    "purpose" "SigningKeyPurpose" NOT NULL,
    "key_id" TEXT NOT NULL,
    "public_key" TEXT NOT NULL,
    "private_key_pem" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retired_at" TIMESTAMPTZ(3),

    CONSTRAINT "signing_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "signing_keys_purpose_key_id_key" ON "signing_keys"("purpose", "key_id");
