-- Paratune storage schema, version 1. Portable across SQLite and PostgreSQL: ${id_pk} is the
-- dialect's auto-generated 64-bit primary key. Times are nanoseconds since the epoch (UTC).

CREATE TABLE paratune_meta (
    meta_key VARCHAR(64) NOT NULL PRIMARY KEY,
    meta_value TEXT NOT NULL
);
INSERT INTO paratune_meta (meta_key, meta_value) VALUES ('schema_version', '1');

CREATE TABLE paratune_study (
    id ${id_pk},
    name VARCHAR(512) NOT NULL UNIQUE,
    directions TEXT NOT NULL,
    created_ns BIGINT NOT NULL,
    trial_count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE paratune_study_attribute (
    study_id BIGINT NOT NULL REFERENCES paratune_study (id) ON DELETE CASCADE,
    attr_key VARCHAR(1024) NOT NULL,
    attr_order BIGINT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (study_id, attr_key)
);

CREATE TABLE paratune_study_sequence (
    study_id BIGINT NOT NULL REFERENCES paratune_study (id) ON DELETE CASCADE,
    seq_key VARCHAR(1024) NOT NULL,
    next_value BIGINT NOT NULL,
    PRIMARY KEY (study_id, seq_key)
);

CREATE TABLE paratune_trial (
    id ${id_pk},
    study_id BIGINT NOT NULL REFERENCES paratune_study (id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    state VARCHAR(16) NOT NULL,
    trial_values TEXT,
    started_ns BIGINT,
    finished_ns BIGINT,
    failure_message TEXT,
    UNIQUE (study_id, number)
);
CREATE INDEX paratune_trial_by_state ON paratune_trial (study_id, state, number);

CREATE TABLE paratune_trial_param (
    trial_id BIGINT NOT NULL REFERENCES paratune_trial (id) ON DELETE CASCADE,
    param_name VARCHAR(1024) NOT NULL,
    param_order INTEGER NOT NULL,
    internal_value DOUBLE PRECISION NOT NULL,
    distribution_json TEXT NOT NULL,
    PRIMARY KEY (trial_id, param_name)
);

-- a NULL value is NaN (SQLite stores NaN as NULL)
CREATE TABLE paratune_trial_intermediate (
    trial_id BIGINT NOT NULL REFERENCES paratune_trial (id) ON DELETE CASCADE,
    step INTEGER NOT NULL,
    step_value DOUBLE PRECISION,
    PRIMARY KEY (trial_id, step)
);

-- kind: 'u' for user attributes, 's' for system attributes
CREATE TABLE paratune_trial_attribute (
    trial_id BIGINT NOT NULL REFERENCES paratune_trial (id) ON DELETE CASCADE,
    kind CHAR(1) NOT NULL,
    attr_key VARCHAR(1024) NOT NULL,
    attr_order BIGINT NOT NULL,
    value_json TEXT NOT NULL,
    PRIMARY KEY (trial_id, kind, attr_key)
);
