-- Classifier outputs: one row per (item, task, target, head). Items are comments (own words),
-- article paragraphs ("<page_id>:p<i>") and pages (the mean over their paragraphs).
CREATE TABLE IF NOT EXISTS predictions (
    item_id VARCHAR NOT NULL,
    item_kind VARCHAR NOT NULL,
    page_id VARCHAR NOT NULL,
    task VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    label VARCHAR,
    confidence DOUBLE,
    abstain BOOLEAN,
    p_negative DOUBLE,
    p_neutral DOUBLE,
    p_positive DOUBLE,
    p_favor DOUBLE,
    p_against DOUBLE,
    p_none DOUBLE,
    backbone VARCHAR,
    backbone_fingerprint VARCHAR,
    head VARCHAR NOT NULL,
    head_version INTEGER,
    run_id VARCHAR,
    created_at TIMESTAMP,
    PRIMARY KEY (item_id, task, target, head)
);
CREATE INDEX IF NOT EXISTS predictions_page ON predictions (page_id);

ALTER TABLE runs ADD COLUMN IF NOT EXISTS items_classified INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN IF NOT EXISTS batches_failed INTEGER DEFAULT 0;
