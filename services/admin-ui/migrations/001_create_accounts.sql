-- Up Migration
-- The CPAS using the platform: the tenants themselves, so no tenant_id (the platform operator
-- creates them; every CPAS's accounts name theirs).
CREATE TABLE cpas (
  id uuid PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX cpas_name_uq ON cpas (lower(name));

-- People who sign in. Row-level security holds each CPAS to its own accounts; sign-in, before a
-- CPAS is known, finds the account by email in the platform scope (read only).
CREATE TABLE accounts (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES cpas (id),
  -- Stored lower-cased; the index makes one email one account across every CPAS, since sign-in
  -- knows nothing but the email.
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 200),
  roles text[] NOT NULL CHECK (
    cardinality(roles) >= 1
    AND roles <@ ARRAY['placement_officer', 'safety_officer', 'social_worker', 'committee_member',
                       'committee_secretary', 'cpas_admin', 'platform_operator']::text[]
  ),
  -- PHC string of the local identity provider (argon2id); NULL for an account that signs in elsewhere.
  password_hash text CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
  -- A password an administrator set: to be replaced by its holder before anything else.
  must_change_password boolean NOT NULL DEFAULT false,
  failed_attempts integer NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE UNIQUE INDEX accounts_email_uq ON accounts (lower(email));
CREATE INDEX accounts_tenant_idx ON accounts (tenant_id, created_at);
