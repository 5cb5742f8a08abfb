-- Official framing: who the article quotes and what they say; frames detected in paragraphs,
-- official quotes and comments (frame '' marks an item scored with no frame above threshold).
CREATE TABLE IF NOT EXISTS official_quotes (
    quote_id VARCHAR PRIMARY KEY,
    page_id VARCHAR NOT NULL,
    paragraph INTEGER,
    position INTEGER,
    speaker VARCHAR,
    role VARCHAR,
    text VARCHAR,
    kind VARCHAR,
    cue VARCHAR,
    run_id VARCHAR
);
CREATE INDEX IF NOT EXISTS official_quotes_page ON official_quotes (page_id);

CREATE TABLE IF NOT EXISTS frame_hits (
    item_id VARCHAR NOT NULL,
    item_kind VARCHAR NOT NULL,
    page_id VARCHAR NOT NULL,
    frame VARCHAR NOT NULL,
    score DOUBLE,
    codebook VARCHAR,
    detector VARCHAR NOT NULL,
    run_id VARCHAR,
    PRIMARY KEY (item_id, frame, detector)
);
CREATE INDEX IF NOT EXISTS frame_hits_page ON frame_hits (page_id);
