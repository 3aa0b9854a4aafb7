-- Renewal, second part (issue 9): each usage's assignment history, newest last (rollback, the wizard),
-- and the offline request a renewal from an outside CA waits for. The same SQL on SQLite and PostgreSQL;
-- times are epoch milliseconds, thumbprints uppercase hex; a history row without a thumbprint is an unassign.
CREATE TABLE assignment_history (
    usage TEXT NOT NULL,
    seq BIGINT NOT NULL,
    thumbprint TEXT,
    assigned_at BIGINT NOT NULL,
    cause TEXT NOT NULL,
    PRIMARY KEY (usage, seq)
);

ALTER TABLE renewal_state ADD COLUMN pending_request BIGINT;
CREATE INDEX assignment_history_thumbprint ON assignment_history (thumbprint);

-- The history starts with what the assignments say now: the previous certificate, then the current one.
INSERT INTO assignment_history (usage, seq, thumbprint, assigned_at, cause)
    SELECT usage, 1, previous_thumbprint, assigned_at, 'assign' FROM assignments
    WHERE previous_thumbprint IS NOT NULL;
INSERT INTO assignment_history (usage, seq, thumbprint, assigned_at, cause)
    SELECT usage, CASE WHEN previous_thumbprint IS NULL THEN 1 ELSE 2 END, thumbprint, assigned_at, 'assign'
    FROM assignments;
