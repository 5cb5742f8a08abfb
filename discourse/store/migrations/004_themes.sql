-- Themes in comments: one row per theme of a themes run, and each comment's theme.
CREATE TABLE IF NOT EXISTS themes (
    run_id VARCHAR NOT NULL,
    theme INTEGER NOT NULL,
    size INTEGER,
    keywords VARCHAR,
    representatives VARCHAR,
    model VARCHAR,
    PRIMARY KEY (run_id, theme)
);
CREATE TABLE IF NOT EXISTS comment_themes (
    run_id VARCHAR NOT NULL,
    comment_id VARCHAR NOT NULL,
    page_id VARCHAR,
    theme INTEGER,
    PRIMARY KEY (run_id, comment_id)
);
