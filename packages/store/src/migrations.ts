import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/**
 * The schema's versions, in code, applied in name order at open. Never edit a released
 * migration: add the next one.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '0001_initial': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table officers (
          id text primary key,
          name text not null,
          role text not null,
          city_id text,
          country text,
          time_zone text,
          slack_user_id text unique,
          discord_user_id text unique,
          email text,
          example boolean not null default false,
          reminder_digest boolean not null default false,
          created_at timestamptz not null default now(),
          removed_at timestamptz
        );

        create table channels (
          id serial primary key,
          platform text not null check (platform in ('slack', 'discord', 'web')),
          channel_id text not null,
          name text not null,
          focus_areas text[] not null default '{}',
          reminders boolean not null default false,
          time_zone text not null,
          reminder_digest boolean not null default false,
          unique (platform, channel_id)
        );

        create table events (
          id text primary key,
          kind text not null,
          title text not null,
          start text not null check (start ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
          "end" text check ("end" ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
          time text check (time ~ '^[0-9]{2}:[0-9]{2}$'),
          time_zone text not null,
          place text,
          source text,
          example boolean not null default false,
          description text,
          cancelled boolean not null default false,
          updated_at timestamptz not null default now()
        );

        create table deliveries (
          id bigserial primary key,
          dedupe_key text not null unique,
          kind text not null,
          recipient_kind text not null check (recipient_kind in ('officer', 'channel')),
          recipient_id text not null,
          event_id text,
          lead_days integer,
          due_at timestamptz not null,
          expires_at timestamptz,
          payload jsonb not null default '{}',
          status text not null default 'pending'
            check (status in ('pending', 'sending', 'sent', 'dropped', 'done', 'failed')),
          attempts integer not null default 0,
          next_attempt_at timestamptz not null,
          lease_until timestamptz,
          leased_by text,
          sent_at timestamptz,
          late boolean not null default false,
          delivery_ref text,
          last_error text,
          snoozed_until timestamptz,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        );
        create index deliveries_status_next_attempt_at on deliveries (status, next_attempt_at);
        create index deliveries_sending_lease on deliveries (lease_until) where status = 'sending';
        create index deliveries_event_recipient on deliveries (event_id, recipient_kind, recipient_id);

        create table status_rounds (
          id serial primary key,
          title text not null,
          event_id text,
          opens_at timestamptz not null,
          closes_at timestamptz not null,
          status text not null default 'open' check (status in ('open', 'closed')),
          nudge_after_hours integer not null,
          escalate_after_hours integer not null,
          created_by text not null,
          created_at timestamptz not null default now(),
          closed_at timestamptz
        );

        create table round_cities (
          round_id integer not null references status_rounds (id) on delete cascade,
          city_id text not null,
          officer_id text,
          prompted_at timestamptz,
          nudged_at timestamptz,
          escalated_at timestamptz,
          primary key (round_id, city_id)
        );

        create table projects (
          id serial primary key,
          city_id text not null,
          name text not null,
          focus_areas text[] not null default '{}',
          example boolean not null default false,
          unique (city_id, name)
        );

        create table status_answers (
          id serial primary key,
          round_id integer not null references status_rounds (id) on delete cascade,
          city_id text not null,
          project text not null,
          status text not null,
          progress integer not null check (progress between 0 and 100),
          highlights text,
          blockers text,
          help_needed text,
          officer_id text not null,
          submitted_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (round_id, city_id, project)
        );

        create table practices (
          id serial primary key,
          idempotency_key text not null unique,
          title text not null,
          city_id text not null,
          focus_areas text[] not null default '{}',
          problem text not null,
          solution text not null,
          results text,
          contact text,
          links jsonb not null default '[]',
          officer_id text,
          created_at timestamptz not null default now()
        );

        create table questions (
          id serial primary key,
          asked_at timestamptz not null default now(),
          query text not null,
          declined boolean not null default false,
          top_path text,
          feedback text check (feedback in ('up', 'down')),
          platform text not null,
          officer_id text
        );

        create table web_messages (
          id serial primary key,
          dedupe_key text not null unique,
          recipient_kind text not null,
          recipient_id text not null,
          body jsonb not null,
          created_at timestamptz not null default now()
        );
        create index web_messages_recipient on web_messages (recipient_kind, recipient_id, id);
      `.execute(db);
    },
    async down(db: Kysely<unknown>) {
      await sql`
        drop table web_messages, questions, practices, status_answers, projects, round_cities,
          status_rounds, deliveries, events, channels, officers;
      `.execute(db);
    },
  },
};

/**
 * 0002: the contracts Slack and Discord build on. A platform identity gets its own table
 * (adding a platform adds no column); commands that write run once per platform event; a form
 * filled in steps keeps its values in a draft; channels can be a city's channel and can answer
 * plain questions; a question remembers who asked it (only they may share it to a channel),
 * and each person's last 👍/👎 on an answer counts once.
 */
MIGRATIONS['0002_platform_contracts'] = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table identities (
        platform text not null check (platform in ('slack', 'discord', 'web')),
        -- Slack team id; '' where the platform's user ids are global (Discord) or unknown.
        workspace_id text not null default '',
        user_id text not null,
        officer_id text not null references officers (id),
        created_at timestamptz not null default now(),
        primary key (platform, workspace_id, user_id)
      );
      create index identities_officer on identities (officer_id);
      insert into identities (platform, user_id, officer_id)
        select 'slack', slack_user_id, id from officers
        where slack_user_id is not null and removed_at is null;
      insert into identities (platform, user_id, officer_id)
        select 'discord', discord_user_id, id from officers
        where discord_user_id is not null and removed_at is null;
      alter table officers drop column slack_user_id, drop column discord_user_id;

      create table handled_events (
        platform text not null,
        event_id text not null,
        command text not null,
        status text not null default 'running' check (status in ('running', 'done')),
        reply jsonb,
        created_at timestamptz not null default now(),
        primary key (platform, event_id)
      );

      create table form_drafts (
        id text primary key,
        platform text not null,
        user_id text not null,
        form_id text not null,
        context jsonb not null default '{}',
        "values" jsonb not null default '{}',
        updated_at timestamptz not null default now()
      );

      alter table channels add column city_id text;
      alter table channels add column answer_questions boolean not null default false;
      alter table channels add column workspace_id text not null default '';
      alter table questions add column user_id text;

      -- One vote per person and answer: the last click counts.
      create table question_feedback (
        question_id integer not null references questions (id) on delete cascade,
        platform text not null,
        user_id text not null,
        vote text not null check (vote in ('up', 'down')),
        updated_at timestamptz not null default now(),
        primary key (question_id, platform, user_id)
      );
      insert into question_feedback (question_id, platform, user_id, vote)
        select id, platform, coalesce(officer_id, 'unknown'), feedback from questions
        where feedback is not null;
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`
      drop table question_feedback;
      alter table questions drop column user_id;
      alter table channels drop column city_id, drop column answer_questions, drop column workspace_id;
      drop table form_drafts, handled_events;
      alter table officers add column slack_user_id text unique, add column discord_user_id text unique;
      update officers o set slack_user_id = i.user_id from identities i
        where i.officer_id = o.id and i.platform = 'slack';
      update officers o set discord_user_id = i.user_id from identities i
        where i.officer_id = o.id and i.platform = 'discord';
      drop table identities;
    `.execute(db);
  },
};

/**
 * 0003: sign-in for the web page. A sign-in link's token and a session's id are secrets: only
 * their SHA-256 is stored, so a copy of the database signs nobody in. `settings` keeps the
 * cookie-signing secret generated when ASCN_SESSION_SECRET is unset (one value for every
 * process on a shared database). A status round opened by an example person is an example
 * round: only example people are asked, and its report is public.
 */
MIGRATIONS['0003_sign_in'] = {
  async up(db: Kysely<unknown>) {
    await sql`
      create table sign_in_links (
        id text primary key,
        token_hash text not null unique,
        officer_id text not null references officers (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz,
        revoked_at timestamptz
      );
      create index sign_in_links_officer on sign_in_links (officer_id);

      create table web_sessions (
        id_hash text primary key,
        officer_id text not null references officers (id),
        link_id text references sign_in_links (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        last_seen_at timestamptz not null default now(),
        ended_at timestamptz
      );
      create index web_sessions_officer on web_sessions (officer_id);

      create table settings (
        key text primary key,
        value text not null,
        created_at timestamptz not null default now()
      );

      alter table status_rounds add column example boolean not null default false;
      update status_rounds set example = true
        where created_by in (select id from officers where example);
    `.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`
      alter table status_rounds drop column example;
      drop table settings, web_sessions, sign_in_links;
    `.execute(db);
  },
};

/** How many question ids one `nextval` reserves (see 0004). */
export const QUESTION_ID_BLOCK = 500;

/**
 * 0004: a question's id is taken before its row is written (the id goes into the answer's
 * buttons; the rows are written in batches). One `nextval` now reserves a block of ids, so a
 * process takes 500 ids in one step, and processes sharing the database never take the same one.
 */
MIGRATIONS['0004_question_id_blocks'] = {
  async up(db: Kysely<unknown>) {
    await sql`alter sequence questions_id_seq increment by ${sql.lit(QUESTION_ID_BLOCK)}`.execute(
      db,
    );
  },
  async down(db: Kysely<unknown>) {
    await sql`alter sequence questions_id_seq increment by 1`.execute(db);
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
