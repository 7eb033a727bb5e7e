/*
 * fuzz-catalog.h: the catalogue the resource engine's targets (query.c,
 * value.c) run over: one resource with a column of each type.
 */
#ifndef STEWARD_FUZZ_CATALOG_H
#define STEWARD_FUZZ_CATALOG_H

static const char fuzz_catalog[] =
    "{\"resources\": [{\"name\": \"users\", \"table\": \"app.users\","
    " \"primary_key\": \"id\","
    " \"default_sort\": \"-created_at\", \"columns\": ["
    "{\"name\": \"id\", \"type\": \"bigint\", \"listed\": true,"
    " \"sortable\": true, \"filter\": [\"eq\", \"in\"]},"
    "{\"name\": \"email\", \"type\": \"text\", \"listed\": true,"
    " \"searchable\": true, \"sortable\": true, \"filter\": [\"eq\", \"in\"]},"
    "{\"name\": \"role\", \"type\": \"enum\", \"choices\": [\"member\","
    " \"admin\"], \"filter\": [\"eq\", \"in\"]},"
    "{\"name\": \"score\", \"type\": \"numeric\", \"sortable\": true,"
    " \"filter\": [\"eq\", \"range\", \"null\"]},"
    "{\"name\": \"logins\", \"type\": \"integer\", \"filter\": [\"range\"]},"
    "{\"name\": \"active\", \"type\": \"boolean\", \"filter\": [\"eq\"]},"
    "{\"name\": \"born\", \"type\": \"date\", \"filter\": [\"range\"]},"
    "{\"name\": \"created_at\", \"type\": \"timestamptz\", \"sortable\": true,"
    " \"filter\": [\"range\", \"null\"]},"
    "{\"name\": \"settings\", \"type\": \"jsonb\", \"editable\": true,"
    " \"filter\": [\"null\"]},"
    "{\"name\": \"password_hash\", \"type\": \"password\"}]}]}";

#endif
