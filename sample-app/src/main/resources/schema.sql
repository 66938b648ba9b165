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

-- The old row of every update and delete, so that the list counts can move a todo's
-- contribution from its old list and state to its new ones.
ALTER TABLE todo REPLICA IDENTITY FULL;

-- Kept by TodoListStats, a transactional listener: exactly once per source change.
CREATE TABLE IF NOT EXISTS todo_list_stats (
    list_id bigint PRIMARY KEY,
    open    bigint NOT NULL DEFAULT 0,
    done    bigint NOT NULL DEFAULT 0
);
