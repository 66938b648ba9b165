CREATE TABLE IF NOT EXISTS todo_list (
    id   bigserial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE IF NOT EXISTS todo (
    id         bigserial PRIMARY KEY,
    list_id    bigint REFERENCES todo_list (id),
    title      text NOT NULL,
    done       boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
