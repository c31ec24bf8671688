-- "Forgot password": a single-use link mailed to the account's address (auth/password-reset.ts).
-- Only the token's sha256 is stored; a new request deletes the user's unused ones, so one link
-- works at a time. Expired and used rows are deleted by auth.delete-expired a day later.
CREATE TABLE "password_reset" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "password_reset_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "password_reset_token_hash_key" ON "password_reset"("token_hash");
CREATE INDEX "password_reset_user_id_idx" ON "password_reset"("user_id");
CREATE INDEX "password_reset_expires_at_idx" ON "password_reset"("expires_at");
ALTER TABLE "password_reset" ADD CONSTRAINT "password_reset_user_id_fkey"
  FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
