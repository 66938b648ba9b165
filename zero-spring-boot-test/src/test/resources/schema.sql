CREATE TABLE IF NOT EXISTS todo (
    id    bigserial PRIMARY KEY,
    title text NOT NULL
);
