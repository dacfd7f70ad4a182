-- Version 16: a change to what a credential may do reaches every replica at once.

-- Each replica remembers the identities of recently used secrets for a few seconds
-- (IdentityCache). Whatever changes them — a token revoked or expired, a membership added, removed
-- or re-roled, a user's row changed — notifies access_changed at commit, and every replica's
-- listening session forgets its remembered identities. Triggers, so that every path notifies,
-- SQL written behind the platform's back included (deleting a team or a user cascades to the
-- tables watched here). Per statement: one notification per change, however many rows it touched.
CREATE FUNCTION notify_access_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('access_changed', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER api_token_access_changed AFTER UPDATE OR DELETE ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER team_member_access_changed AFTER INSERT OR UPDATE OR DELETE ON team_member
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
CREATE TRIGGER app_user_access_changed AFTER UPDATE OR DELETE ON app_user
    FOR EACH STATEMENT EXECUTE FUNCTION notify_access_changed();
