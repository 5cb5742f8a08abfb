-- Corpus: pages (versioned by content hash), comments, ingest runs.
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    tool_version VARCHAR,
    args VARCHAR,
    files_seen INTEGER DEFAULT 0,
    pages_stored INTEGER DEFAULT 0,
    pages_unchanged INTEGER DEFAULT 0,
    comments_stored INTEGER DEFAULT 0,
    files_skipped INTEGER DEFAULT 0,
    skipped VARCHAR,
    status VARCHAR
);

CREATE TABLE IF NOT EXISTS pages (
    page_id VARCHAR PRIMARY KEY,
    doc_key VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL,
    path VARCHAR,
    url VARCHAR,
    site VARCHAR,
    source VARCHAR,
    lang VARCHAR,
    title VARCHAR,
    lead VARCHAR,
    published VARCHAR,
    published_ts TIMESTAMP,
    dateline VARCHAR,
    section VARCHAR,
    author VARCHAR,
    body VARCHAR[],
    captions VARCHAR[],
    credits VARCHAR[],
    furniture VARCHAR[],
    comments_section_present BOOLEAN,
    format VARCHAR,
    profile VARCHAR,
    encoding VARCHAR,
    n_comments INTEGER,
    run_id VARCHAR,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS comments (
    comment_id VARCHAR PRIMARY KEY,
    page_id VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    parent_id VARCHAR,
    parent_position INTEGER,
    depth INTEGER,
    author VARCHAR,
    display_name VARCHAR,
    published VARCHAR,
    published_ts TIMESTAMP,
    published_raw VARCHAR,
    text VARCHAR,
    own_text VARCHAR,
    quotes VARCHAR,
    likes INTEGER,
    dislikes INTEGER,
    lang VARCHAR,
    native_id VARCHAR,
    extra VARCHAR
);

CREATE INDEX IF NOT EXISTS comments_page ON comments (page_id);
CREATE INDEX IF NOT EXISTS pages_doc ON pages (doc_key);
