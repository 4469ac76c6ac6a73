/**
 * Generated from the API's OpenAPI schema by openapi-typescript. Do not edit by hand.
 * Regenerate from the repository root with `make schema` (drf-spectacular → openapi-typescript),
 * and commit the result; `make test` fails while this file differs from the backend's schema.
 */

export interface paths {
    "/api/v1/attachments/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment
         * @description A customer's attachment, from our copy, for members of its workspace. Before the copy
         *     exists (the download job runs seconds after ingest) it redirects to the platform's link
         *     when that is a plain URL.
         */
        get: operations["api_v1_attachments_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["api_v1_auth_login_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post: operations["api_v1_auth_logout_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Who am I, in which workspace. Always sets the csrftoken cookie. */
        get: operations["api_v1_auth_session_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/workspace/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Choose the workspace this browser session works in. */
        post: operations["api_v1_auth_workspace_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/board/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Supervisor board: live queues, SLA risk and agent load
         * @description The queues right now: totals, per team, per agent (presence and load), per channel.
         */
        get: operations["api_v1_board_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Saved answers. Agents use them; supervisors write them. */
        get: operations["api_v1_canned_responses_list"];
        put?: never;
        /** @description Saved answers. Agents use them; supervisors write them. */
        post: operations["api_v1_canned_responses_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Saved answers. Agents use them; supervisors write them. */
        get: operations["api_v1_canned_responses_retrieve"];
        put?: never;
        post?: never;
        /** @description Saved answers. Agents use them; supervisors write them. */
        delete: operations["api_v1_canned_responses_destroy"];
        options?: never;
        head?: never;
        /** @description Saved answers. Agents use them; supervisors write them. */
        patch: operations["api_v1_canned_responses_partial_update"];
        trace?: never;
    };
    "/api/v1/canned-responses/{id}/render/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The answer with its variables filled for a case and for you. */
        get: operations["api_v1_canned_responses_render_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/case-tags/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Tags on open cases, with counts
         * @description Tags in use on open cases, with counts (most used first).
         */
        get: operations["api_v1_case_tags_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        get: operations["api_v1_cases_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        get: operations["api_v1_cases_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/assign/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_assign_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/merge/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Fold this case into another case of the same customer; answers with the target. */
        post: operations["api_v1_cases_merge_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/notes/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description A private note for colleagues; @mentions notify them. */
        post: operations["api_v1_cases_notes_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/priority/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_priority_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/reply/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description A public reply to the customer, queued for delivery on the case's channel. */
        post: operations["api_v1_cases_reply_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/snooze/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_snooze_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/status/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_status_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/tags/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_tags_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/team/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
         *     and every agent action as a POST on the case.
         */
        post: operations["api_v1_cases_team_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/{id}/uploads/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Upload one file for the reply or note being written; send it with `upload_ids`. */
        post: operations["api_v1_cases_uploads_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/cases/counts/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description How many cases each inbox view holds for you. */
        get: operations["api_v1_cases_counts_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channel-accounts/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every agent sees the accounts; admins connect, change and deactivate them. */
        get: operations["api_v1_channel_accounts_list"];
        put?: never;
        /** @description Every agent sees the accounts; admins connect, change and deactivate them. */
        post: operations["api_v1_channel_accounts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channel-accounts/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Every agent sees the accounts; admins connect, change and deactivate them. */
        get: operations["api_v1_channel_accounts_retrieve"];
        put?: never;
        post?: never;
        /** @description Deactivate: the account stops taking messages; its cases and history stay. */
        delete: operations["api_v1_channel_accounts_destroy"];
        options?: never;
        head?: never;
        /** @description Every agent sees the accounts; admins connect, change and deactivate them. */
        patch: operations["api_v1_channel_accounts_partial_update"];
        trace?: never;
    };
    "/api/v1/channel-accounts/{id}/messages/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a customer message to an `api` channel account
         * @description 201 with created=true; 200 with created=false when this external_id was already received (nothing changes).
         */
        post: operations["api_v1_channel_accounts_messages_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channel-accounts/{id}/register-webhook/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Telegram: register our webhook with the bot (setWebhook)
         * @description Every agent sees the accounts; admins connect, change and deactivate them.
         */
        post: operations["api_v1_channel_accounts_register_webhook_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        get: operations["api_v1_customers_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{customer_id}/cases/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description A customer's cases on every channel, newest first (case rows, cursor pages). */
        get: operations["api_v1_customers_cases_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        get: operations["api_v1_customers_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        patch: operations["api_v1_customers_partial_update"];
        trace?: never;
    };
    "/api/v1/customers/{id}/merge/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** @description Merge another customer (source_id) into this one. Supervisors and admins. */
        post: operations["api_v1_customers_merge_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{id}/merge-suggestions/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Other customers who may be the same person, with why (same email, same phone).
         *     Never by name alone.
         */
        get: operations["api_v1_customers_merge_suggestions_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/customers/{id}/tags/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        post: operations["api_v1_customers_tags_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbound-events/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The webhook log: every request a platform sent, as received (admins). Filter by
         *     `status` (e.g. `dead`, `rejected`) and `channel_account`; `reprocess` replays one.
         */
        get: operations["api_v1_inbound_events_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbound-events/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description The webhook log: every request a platform sent, as received (admins). Filter by
         *     `status` (e.g. `dead`, `rejected`) and `channel_account`; `reprocess` replays one.
         */
        get: operations["api_v1_inbound_events_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/inbound-events/{id}/reprocess/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Process a dead (or any non-refused) event again
         * @description The webhook log: every request a platform sent, as received (admins). Filter by
         *     `status` (e.g. `dead`, `rejected`) and `channel_account`; `reprocess` replays one.
         */
        post: operations["api_v1_inbound_events_reprocess_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description People in the workspace. Admins add, change roles, and remove (deactivate). */
        get: operations["api_v1_members_list"];
        put?: never;
        /** @description People in the workspace. Admins add, change roles, and remove (deactivate). */
        post: operations["api_v1_members_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description People in the workspace. Admins add, change roles, and remove (deactivate). */
        get: operations["api_v1_members_retrieve"];
        put?: never;
        post?: never;
        /** @description People in the workspace. Admins add, change roles, and remove (deactivate). */
        delete: operations["api_v1_members_destroy"];
        options?: never;
        head?: never;
        /** @description People in the workspace. Admins add, change roles, and remove (deactivate). */
        patch: operations["api_v1_members_partial_update"];
        trace?: never;
    };
    "/api/v1/sla/breaching-soon/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Open cases whose next deadline is within `within` seconds, soonest first. */
        get: operations["api_v1_sla_breaching_soon_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sla/calendars/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Business-hours calendars: working windows per weekday, public holidays, own dates. */
        get: operations["api_v1_sla_calendars_list"];
        put?: never;
        /** @description Business-hours calendars: working windows per weekday, public holidays, own dates. */
        post: operations["api_v1_sla_calendars_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sla/calendars/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Business-hours calendars: working windows per weekday, public holidays, own dates. */
        get: operations["api_v1_sla_calendars_retrieve"];
        put?: never;
        post?: never;
        /** @description Business-hours calendars: working windows per weekday, public holidays, own dates. */
        delete: operations["api_v1_sla_calendars_destroy"];
        options?: never;
        head?: never;
        /** @description Business-hours calendars: working windows per weekday, public holidays, own dates. */
        patch: operations["api_v1_sla_calendars_partial_update"];
        trace?: never;
    };
    "/api/v1/sla/cases/{case_id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description A case's clocks: per target the deadline, the time left (business seconds for a
         *     business target) and the status.
         */
        get: operations["api_v1_sla_cases_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sla/policies/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description SLA policies, in the order they are tried (the default last). Editing one changes
         *     new cases; `reapply` recomputes the open ones.
         */
        get: operations["api_v1_sla_policies_list"];
        put?: never;
        /**
         * @description SLA policies, in the order they are tried (the default last). Editing one changes
         *     new cases; `reapply` recomputes the open ones.
         */
        post: operations["api_v1_sla_policies_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sla/policies/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description SLA policies, in the order they are tried (the default last). Editing one changes
         *     new cases; `reapply` recomputes the open ones.
         */
        get: operations["api_v1_sla_policies_retrieve"];
        put?: never;
        post?: never;
        /**
         * @description SLA policies, in the order they are tried (the default last). Editing one changes
         *     new cases; `reapply` recomputes the open ones.
         */
        delete: operations["api_v1_sla_policies_destroy"];
        options?: never;
        head?: never;
        /**
         * @description SLA policies, in the order they are tried (the default last). Editing one changes
         *     new cases; `reapply` recomputes the open ones.
         */
        patch: operations["api_v1_sla_policies_partial_update"];
        trace?: never;
    };
    "/api/v1/sla/policies/{id}/reapply/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * @description Recompute the clocks of open cases on this policy (or matching it now): at once, or
         *     in a background job when the workspace has many open cases (202).
         */
        post: operations["api_v1_sla_policies_reapply_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tagging-rules/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Rules that tag customers (and optionally their cases) from the messages they send:
         *     channel, whole-word keywords, language. Admins only, to read and to write.
         */
        get: operations["api_v1_tagging_rules_list"];
        put?: never;
        /**
         * @description Rules that tag customers (and optionally their cases) from the messages they send:
         *     channel, whole-word keywords, language. Admins only, to read and to write.
         */
        post: operations["api_v1_tagging_rules_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tagging-rules/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Rules that tag customers (and optionally their cases) from the messages they send:
         *     channel, whole-word keywords, language. Admins only, to read and to write.
         */
        get: operations["api_v1_tagging_rules_retrieve"];
        put?: never;
        post?: never;
        /**
         * @description Rules that tag customers (and optionally their cases) from the messages they send:
         *     channel, whole-word keywords, language. Admins only, to read and to write.
         */
        delete: operations["api_v1_tagging_rules_destroy"];
        options?: never;
        head?: never;
        /**
         * @description Rules that tag customers (and optionally their cases) from the messages they send:
         *     channel, whole-word keywords, language. Admins only, to read and to write.
         */
        patch: operations["api_v1_tagging_rules_partial_update"];
        trace?: never;
    };
    "/api/v1/teams/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        get: operations["api_v1_teams_list"];
        put?: never;
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        post: operations["api_v1_teams_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        get: operations["api_v1_teams_retrieve"];
        put?: never;
        post?: never;
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        delete: operations["api_v1_teams_destroy"];
        options?: never;
        head?: never;
        /**
         * @description Base for every API view over tenant data.
         *
         *     `read_role` applies to safe methods, `write_role` to the rest; override
         *     `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
         *     selector); scoping by workspace is added here and cannot be forgotten.
         */
        patch: operations["api_v1_teams_partial_update"];
        trace?: never;
    };
    "/api/v1/tokens/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description Your own API tokens in this workspace. Any role may mint tokens for itself. */
        get: operations["api_v1_tokens_list"];
        put?: never;
        /** @description Your own API tokens in this workspace. Any role may mint tokens for itself. */
        post: operations["api_v1_tokens_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** @description Your own API tokens in this workspace. Any role may mint tokens for itself. */
        delete: operations["api_v1_tokens_destroy"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description The workspace the caller is working in (admins may edit it). */
        get: operations["api_v1_workspace_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** @description The workspace the caller is working in (admins may edit it). */
        patch: operations["api_v1_workspace_partial_update"];
        trace?: never;
    };
    "/api/widget/v1/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A file of the visitor's conversation (the `authenticated` attachment URLs) */
        get: operations["api_widget_v1_attachments_retrieve"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/widget/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The visitor's conversation (fill gaps after a reconnect)
         * @description Without `after`: the newest messages. With it: those after that id, oldest first. Dedupe by id.
         */
        get: operations["api_widget_v1_messages_retrieve"];
        put?: never;
        /**
         * Send a visitor message (fallback when the websocket is unavailable)
         * @description 201 when stored; 200 with the same ack when this client_message_id was already received.
         */
        post: operations["api_widget_v1_messages_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/widget/v1/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The visitor has seen the replies up to a message */
        post: operations["api_widget_v1_receipts_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/widget/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start or resume a visitor's widget session
         * @description 201 with a new session_token (keep it), or 200 when `session_token` (in the body or as `Authorization: Bearer`) resumed its session. With user_identifier, user_hash must be hex HMAC-SHA256(identity_secret, user_identifier): 403 identity_not_verified otherwise. 403 origin_not_allowed when the page's Origin is not one the widget allows.
         */
        post: operations["api_widget_v1_sessions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/widget/v1/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file the visitor attached (then send a message naming it)
         * @description The file waits, unsent, until a message lists it in `attachments[].upload_id`; unsent files are deleted after a day.
         */
        post: operations["api_widget_v1_uploads_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/api/{id}/": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a customer message to an `api` channel account
         * @description 201 with created=true; 200 with created=false when this external_id was already received (nothing changes).
         */
        post: operations["webhooks_api_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * @description * `image` - image
         *     * `video` - video
         *     * `audio` - audio
         *     * `file` - file
         *     * `sticker` - sticker
         *     * `location` - location
         * @enum {string}
         */
        ApiAttachmentKindEnum: "image" | "video" | "audio" | "file" | "sticker" | "location";
        ApiAttachmentRequest: {
            kind: components["schemas"]["ApiAttachmentKindEnum"];
            /** Format: uri */
            url: string;
            /** @default  */
            mime_type?: string;
            size_bytes?: number | null;
            /** @default  */
            name?: string;
        };
        /**
         * @description * `message` - message
         *     * `comment` - comment
         *     * `mention` - mention
         * @enum {string}
         */
        ApiMessageInputKindEnum: "message" | "comment" | "mention";
        /** @description One customer message from any other system, in Dialogo's normalized form. */
        ApiMessageInputRequest: {
            /** @description Your id for this message: a repeat is recognised and ignored. */
            external_id: string;
            sender: components["schemas"]["ApiSenderRequest"];
            /** @description ISO 8601, or unix time in seconds or in milliseconds (values above 10^11 are read as milliseconds). */
            sent_at: string | number;
            /** @default  */
            text?: string;
            /** @default message */
            kind?: components["schemas"]["ApiMessageInputKindEnum"];
            attachments?: components["schemas"]["ApiAttachmentRequest"][];
            thread?: components["schemas"]["ApiThreadRequest"];
        };
        ApiMessageResult: {
            message_id: number;
            case_id: number;
            /** @description False: this external_id was received before; nothing changed. */
            created: boolean;
        };
        ApiSenderRequest: {
            /** @description The sender's id in your system: stable per person. */
            external_id: string;
            /** @default  */
            display_name?: string;
            /** @default  */
            username?: string;
            avatar_url?: string;
            email?: string;
            /** @default  */
            phone?: string;
            /**
             * @description ISO 639-1, e.g. es.
             * @default
             */
            language?: string;
        };
        ApiThreadRequest: {
            /** @default  */
            subject?: string;
            /**
             * @description Comments and mentions on one post thread together.
             * @default
             */
            post_id?: string;
            /** @default  */
            reply_to_external_id?: string;
        };
        ApiToken: {
            readonly id: number;
            name: string;
            /** @description First characters of the token, to recognise it in lists. */
            prefix: string;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            last_used_at?: string | null;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: date-time */
            revoked_at?: string | null;
        };
        ApiTokenCreated: {
            readonly id: number;
            name: string;
            /** @description First characters of the token, to recognise it in lists. */
            prefix: string;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            last_used_at?: string | null;
            /** Format: date-time */
            expires_at?: string | null;
            /** Format: date-time */
            revoked_at?: string | null;
            /** @description Shown once; store it now. */
            readonly token: string;
        };
        ApiTokenInputRequest: {
            name: string;
            /** Format: date-time */
            expires_at?: string | null;
        };
        Attachment: {
            readonly id: number;
            kind: string;
            /** @description Our authorised copy: /api/v1/attachments/<id>/ (geo: links as sent). */
            readonly url: string;
            /** @description What the platform sent (links expire; media ids need the token). */
            original_url: string;
            mime_type?: string;
            /** Format: int64 */
            size_bytes?: number | null;
            name?: string;
            /** @description pending | stored | failed | skipped */
            fetch_status?: string;
        };
        /** @enum {unknown} */
        BlankEnum: "";
        Board: {
            /** Format: date-time */
            generated_at: string;
            totals: components["schemas"]["BoardTotals"];
            teams: components["schemas"]["BoardTeam"][];
            agents: components["schemas"]["BoardAgent"][];
            channels: components["schemas"]["BoardChannel"][];
        };
        BoardAgent: {
            membership_id: number;
            name: string;
            /** Format: email */
            email: string;
            role: components["schemas"]["RoleEnum"];
            status: components["schemas"]["BoardAgentStatusEnum"];
            open_assigned: number;
            /** @description From the automatic assignment policies of the agent's teams. */
            capacity: number | null;
            viewing_case_ids: number[];
        };
        /**
         * @description * `online` - Online
         *     * `away` - Away
         *     * `offline` - Offline
         * @enum {string}
         */
        BoardAgentStatusEnum: "online" | "away" | "offline";
        BoardChannel: {
            kind: string;
            open: number;
            waiting: number;
        };
        BoardTeam: {
            /** @description null: cases with no team. */
            id: number | null;
            name: string;
            open: number;
            unassigned: number;
            waiting: number;
            /** Format: date-time */
            oldest_waiting_since: string | null;
            at_risk: number;
            breached: number;
        };
        BoardTotals: {
            open: number;
            unassigned: number;
            /** @description Open cases whose last word is the customer's. */
            waiting: number;
            /** @description Open cases with an SLA clock at risk. */
            at_risk: number;
            /** @description Open cases with an SLA clock breached. */
            breached: number;
            agents_online: number;
        };
        BreachingCase: {
            subject: string;
            status: string;
            priority: number;
            assignee_id: number | null;
            team_id: number | null;
            customer_name: string;
        };
        BreachingSoon: {
            case_id: number;
            policy: components["schemas"]["PolicyBrief"] | null;
            calendar_id: number | null;
            /** @description The case is pending or snoozed: no clock counts. */
            paused: boolean;
            /** Format: date-time */
            paused_at: string | null;
            /** Format: date-time */
            stopped_at: string | null;
            /** Format: date-time */
            next_due_at: string | null;
            first_response: components["schemas"]["Clock"];
            next_response: components["schemas"]["Clock"];
            resolution: components["schemas"]["Clock"];
            next_response_met_count: number;
            next_response_breached_count: number;
            /**
             * @description The target due first.
             *
             *     * `first_response` - First response
             *     * `next_response` - Next response
             *     * `resolution` - Resolution
             */
            next_target: components["schemas"]["NextTargetEnum"];
            case: components["schemas"]["BreachingCase"];
        };
        Calendar: {
            readonly id: number;
            name: string;
            timezone?: string;
            hours: components["schemas"]["WorkingWindow"][];
            /** @description ISO 3166 code, e.g. ES; blank: no public holidays. */
            holiday_country?: string;
            /** @description Region within the country, e.g. MD (Madrid). */
            holiday_subdivision?: string;
            custom_holidays: components["schemas"]["CustomHoliday"][];
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        CalendarInputRequest: {
            name: string;
            /**
             * @description IANA time zone, e.g. Europe/Madrid.
             * @default UTC
             */
            timezone?: string;
            /** @description Working windows; several per weekday for split shifts. */
            hours?: components["schemas"]["WorkingWindowRequest"][];
            /**
             * @description ISO 3166 code, e.g. ES.
             * @default
             */
            holiday_country?: string;
            /**
             * @description e.g. MD.
             * @default
             */
            holiday_subdivision?: string;
            /** @description The workspace's own closed dates. */
            custom_holidays?: components["schemas"]["CustomHolidayRequest"][];
        };
        CannedResponse: {
            readonly id: number;
            shortcut: string;
            title: string;
            body: string;
            readonly team: components["schemas"]["TeamBrief"] | null;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        CannedResponseInputRequest: {
            shortcut: string;
            title: string;
            body: string;
            /** @description Only for this team. */
            team_id?: number | null;
        };
        /** @description One row of a case list: the realtime case summary, and the row's SLA clock. */
        Case: {
            readonly id: number;
            readonly status: components["schemas"]["CaseStatusEnum"];
            readonly priority: components["schemas"]["CasePriorityEnum"];
            readonly subject: string;
            assignee_id: number | null;
            team_id: number | null;
            tags: string[];
            customer: components["schemas"]["CaseCustomer"];
            channel_account_id: number;
            channel_kind: string;
            readonly last_message_preview: string;
            /** Format: date-time */
            readonly last_message_at: string;
            /**
             * Format: date-time
             * @description Oldest customer message not yet answered by an agent; null when answered.
             */
            readonly waiting_since: string | null;
            /** Format: date-time */
            readonly opened_at: string;
            /** Format: date-time */
            readonly snoozed_until: string | null;
            readonly sla: components["schemas"]["CaseSlaSummary"] | null;
        };
        CaseAssignInputRequest: {
            /** @description A member id; null unassigns. */
            assignee_id: number | null;
        };
        CaseCounts: {
            /** @description Open cases assigned to you. */
            mine: number;
            /** @description Open cases with no assignee. */
            unassigned: number;
            /** @description Every open case (new, open, pending, snoozed). */
            all: number;
            /** @description Waiting on the customer. */
            pending: number;
            snoozed: number;
            /** @description Open cases of each team you belong to. */
            teams: components["schemas"]["TeamCount"][];
        };
        CaseCustomer: {
            id: number;
            display_name: string;
            avatar_url: string;
        };
        CaseCustomerDetail: {
            id: number;
            display_name: string;
            avatar_url: string;
            email: string;
            phone: string;
            language: string;
            locale: string;
            tags: string[];
            follower_count: number | null;
            identities: components["schemas"]["Identity"][];
        };
        /** @description The case screen: the row, who and where in full, the conversation and the timeline. */
        CaseDetail: {
            readonly id: number;
            readonly status: components["schemas"]["CaseStatusEnum"];
            readonly priority: components["schemas"]["CasePriorityEnum"];
            readonly subject: string;
            assignee_id: number | null;
            team_id: number | null;
            tags: string[];
            customer: components["schemas"]["CaseCustomerDetail"];
            channel_account_id: number;
            channel_kind: string;
            readonly last_message_preview: string;
            /** Format: date-time */
            readonly last_message_at: string;
            /**
             * Format: date-time
             * @description Oldest customer message not yet answered by an agent; null when answered.
             */
            readonly waiting_since: string | null;
            /** Format: date-time */
            readonly opened_at: string;
            /** Format: date-time */
            readonly snoozed_until: string | null;
            readonly sla: components["schemas"]["CaseSlaSummary"] | null;
            assignee: components["schemas"]["MemberBrief"] | null;
            team: components["schemas"]["TeamBrief"] | null;
            channel_account: components["schemas"]["ChannelAccountBrief"];
            /** Format: date-time */
            readonly first_response_at: string | null;
            /** Format: date-time */
            readonly resolved_at: string | null;
            /** Format: date-time */
            readonly last_customer_message_at: string | null;
            /** Format: date-time */
            readonly last_agent_reply_at: string | null;
            readonly agent_reply_count: number;
            readonly reopened_count: number;
            merged_into_id: number | null;
            messages: components["schemas"]["Message"][];
            timeline: components["schemas"]["CaseEvent"][];
            /** @description What the channel lets an agent send now. */
            readonly reply_window: components["schemas"]["ReplyWindow"];
        };
        CaseEvent: {
            readonly id: number;
            kind: components["schemas"]["CaseEventKindEnum"];
            actor: components["schemas"]["MemberBrief"] | null;
            data?: unknown;
            /** Format: date-time */
            occurred_at: string;
        };
        /**
         * @description * `created` - Created
         *     * `reopened` - Reopened
         *     * `status_changed` - Status Changed
         *     * `assigned` - Assigned
         *     * `unassigned` - Unassigned
         *     * `team_changed` - Team Changed
         *     * `priority_changed` - Priority Changed
         *     * `tagged` - Tagged
         *     * `untagged` - Untagged
         *     * `snoozed` - Snoozed
         *     * `woke_up` - Woke Up
         *     * `merged` - Merged
         *     * `customer_changed` - Customer Changed
         *     * `sla_at_risk` - Sla At Risk
         *     * `sla_breached` - Sla Breached
         * @enum {string}
         */
        CaseEventKindEnum: "created" | "reopened" | "status_changed" | "assigned" | "unassigned" | "team_changed" | "priority_changed" | "tagged" | "untagged" | "snoozed" | "woke_up" | "merged" | "customer_changed" | "sla_at_risk" | "sla_breached";
        CaseMergeInputRequest: {
            /** @description The case this one is folded into. */
            target_case_id: number;
        };
        CaseNoteInputRequest: {
            /** @default  */
            text?: string;
            /** @description Ids of files uploaded to POST /api/v1/cases/<id>/uploads/ for this message. */
            upload_ids?: number[];
            /** @description Member ids to notify. */
            mention_ids?: number[];
        };
        /**
         * @description * `0` - Low
         *     * `1` - Normal
         *     * `2` - High
         *     * `3` - Urgent
         * @enum {integer}
         */
        CasePriorityEnum: 0 | 1 | 2 | 3;
        CasePriorityInputRequest: {
            priority: components["schemas"]["CasePriorityEnum"];
        };
        CaseReplyInputRequest: {
            /**
             * @description With a template: what the agent sees in the timeline.
             * @default
             */
            text?: string;
            /** @description Ids of files uploaded to POST /api/v1/cases/<id>/uploads/ for this message. */
            upload_ids?: number[];
            /** @description WhatsApp only: send this approved template (the way to write after the 24-hour window closed). */
            template?: components["schemas"]["WhatsAppTemplateRequest"] | null;
            canned_response_id?: number | null;
            /** @description A message of this case. */
            reply_to_id?: number | null;
        };
        CaseSla: {
            case_id: number;
            policy: components["schemas"]["PolicyBrief"] | null;
            calendar_id: number | null;
            /** @description The case is pending or snoozed: no clock counts. */
            paused: boolean;
            /** Format: date-time */
            paused_at: string | null;
            /** Format: date-time */
            stopped_at: string | null;
            /** Format: date-time */
            next_due_at: string | null;
            first_response: components["schemas"]["Clock"];
            next_response: components["schemas"]["Clock"];
            resolution: components["schemas"]["Clock"];
            next_response_met_count: number;
            next_response_breached_count: number;
        };
        /**
         * @description The clock a row shows: the running SLA target due first. The client ticks from
         *     `due_at` and `at_risk_at`; `remaining_seconds` is set only while paused (frozen).
         */
        CaseSlaSummary: {
            target: components["schemas"]["TargetEnum"];
            state: components["schemas"]["StateEnum"];
            /** Format: date-time */
            due_at: string | null;
            /** Format: date-time */
            at_risk_at: string | null;
            remaining_seconds: number | null;
        };
        CaseSnoozeInputRequest: {
            /**
             * Format: date-time
             * @description When the case wakes up (it also wakes when the customer writes).
             */
            until: string;
        };
        /**
         * @description * `new` - New
         *     * `open` - Open
         *     * `pending` - Waiting on customer
         *     * `snoozed` - Snoozed
         *     * `resolved` - Resolved
         *     * `closed` - Closed
         *     * `merged` - Merged
         *     * `spam` - Spam
         * @enum {string}
         */
        CaseStatusEnum: "new" | "open" | "pending" | "snoozed" | "resolved" | "closed" | "merged" | "spam";
        CaseStatusInputRequest: {
            status: components["schemas"]["CaseStatusEnum"];
        };
        CaseTagCount: {
            tag: string;
            open_count: number;
        };
        CaseTagsInputRequest: {
            add?: string[];
            remove?: string[];
        };
        CaseTeamInputRequest: {
            /** @description A team id; null removes the team. */
            team_id: number | null;
        };
        /**
         * @description An account as every member sees it. Credentials are shown masked (secrets as `••••` +
         *     their last 4 characters); `setup` says what to paste into the platform, and — for admins
         *     only — includes the secret the platform must send back.
         */
        ChannelAccount: {
            readonly id: number;
            kind: components["schemas"]["ChannelKindEnum"];
            name: string;
            /** @description Page id, phone number id, bot id, mailbox address… */
            external_id?: string;
            is_active?: boolean;
            /** @description Seconds. */
            readonly reopen_window: number;
            /** @description Email: thread by a [#case] tag in the subject when headers do not match. */
            email_subject_threading?: boolean;
            /** @description New cases of this account go to this team (null: the shared queue). */
            readonly default_team_id: number | null;
            /** @description Masked: secrets show only their last 4 characters. */
            readonly credentials: {
                [key: string]: string;
            };
            readonly setup: components["schemas"]["ChannelSetup"];
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        ChannelAccountBrief: {
            id: number;
            kind: string;
            name: string;
        };
        ChannelAccountInputRequest: {
            kind: components["schemas"]["ChannelKindEnum"];
            name: string;
            /** @default  */
            external_id?: string;
            /** @description Default 7 days. */
            reopen_window?: number | string;
            /** @default true */
            email_subject_threading?: boolean;
            /** @description A team of this workspace: new cases go to it. */
            default_team_id?: number | null;
            /** @description Per kind: see integrations.outbound.CREDENTIAL_FIELDS (e.g. app_secret, page_access_token). Encrypted at rest. */
            credentials?: {
                [key: string]: string;
            };
        };
        /**
         * @description * `messenger` - Messenger
         *     * `instagram` - Instagram
         *     * `whatsapp` - Whatsapp
         *     * `telegram` - Telegram
         *     * `x` - X
         *     * `email` - Email
         *     * `webchat` - Webchat
         *     * `api` - Api
         * @enum {string}
         */
        ChannelKindEnum: "messenger" | "instagram" | "whatsapp" | "telegram" | "x" | "email" | "webchat" | "api";
        ChannelSetup: {
            /** @description The callback URL to paste into the platform. */
            webhook_url: string;
            /** @description Meta: the verify token to paste next to the callback URL. */
            verify_token?: string;
            /** @description The header the platform (or your mail forwarder) must send. */
            secret_header?: string;
            /** @description Admins only: the value of that header. */
            secret?: string;
            /** @description Admins only, email from SendGrid: the webhook URL with the secret as its HTTP Basic password, to paste as is. */
            webhook_url_with_secret?: string;
            /** @description Web chat: the script tag to paste into your site. */
            embed_snippet?: string;
            instructions: string;
        };
        Clock: {
            status: components["schemas"]["ClockStatusEnum"];
            /** @description Business time on the calendar (false: wall time; null: no target). */
            business: boolean | null;
            target_seconds: number | null;
            /** @description Runs of this clock so far (next response: one per customer wait). */
            cycle: number;
            /** Format: date-time */
            started_at: string | null;
            /**
             * Format: date-time
             * @description Null while paused (the deadline moves with the pause).
             */
            due_at: string | null;
            /** Format: date-time */
            at_risk_at: string | null;
            /** Format: date-time */
            completed_at: string | null;
            /** @description Time left in the target's own time (business seconds for a business target); negative once breached. */
            remaining_seconds: number | null;
            /** @description Answered: time to spare (> 0) or lateness (< 0). */
            margin_seconds: number | null;
        };
        /**
         * @description * `none` - No target
         *     * `on_track` - On track
         *     * `at_risk` - At risk
         *     * `breached` - Breached
         *     * `met` - Met
         *     * `stopped` - Stopped before an answer
         * @enum {string}
         */
        ClockStatusEnum: "none" | "on_track" | "at_risk" | "breached" | "met" | "stopped";
        CustomHoliday: {
            /** Format: date */
            date: string;
            /** @default  */
            name?: string;
        };
        CustomHolidayRequest: {
            /** Format: date */
            date: string;
            /** @default  */
            name?: string;
        };
        /** @description A list row. */
        Customer: {
            readonly id: number;
            display_name?: string;
            avatar_url?: string;
            email?: string;
            phone?: string;
            /** @description ISO 639-1, e.g. es */
            language?: string;
            /** @description e.g. es_ES */
            locale?: string;
            tags?: string[];
            /** @description Largest follower count any platform reported. */
            follower_count?: number | null;
            /** @description Channel kinds the customer has written from. */
            readonly channels: string[];
            /** Format: date-time */
            first_seen_at?: string | null;
            /** Format: date-time */
            last_seen_at?: string | null;
        };
        /** @description The customer card: one person across channels. Their cases: GET …/customers/{id}/cases/. */
        CustomerDetail: {
            readonly id: number;
            display_name?: string;
            avatar_url?: string;
            email?: string;
            phone?: string;
            /** @description ISO 639-1, e.g. es */
            language?: string;
            /** @description e.g. es_ES */
            locale?: string;
            tags?: string[];
            /** @description Largest follower count any platform reported. */
            follower_count?: number | null;
            /** @description Channel kinds the customer has written from. */
            readonly channels: string[];
            /** Format: date-time */
            first_seen_at?: string | null;
            /** Format: date-time */
            last_seen_at?: string | null;
            /** @description Per channel kind: may we message them first (campaigns)? */
            opted_in?: unknown;
            identities: components["schemas"]["Identity"][];
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        CustomerMergeInputRequest: {
            /** @description The customer merged into this one (its identities, cases and tags move here). */
            source_id: number;
        };
        CustomerMergeResult: {
            /** @description The customer everything was merged into. */
            customer: components["schemas"]["CustomerDetail"];
            merged_customer_id: number;
            moved_identity_ids: number[];
            moved_case_count: number;
        };
        /** @description Loyalty tags. Compared case-insensitively: stored lower-case, like case tags. */
        CustomerTagsInputRequest: {
            add?: string[];
            remove?: string[];
        };
        /**
         * @description * `received` - Received
         *     * `queued` - Queued
         *     * `sent` - Sent
         *     * `delivered` - Delivered
         *     * `read` - Read
         *     * `failed` - Failed
         * @enum {string}
         */
        DeliveryStatusEnum: "received" | "queued" | "sent" | "delivered" | "read" | "failed";
        /**
         * @description * `in` - From the customer
         *     * `out` - To the customer
         * @enum {string}
         */
        DirectionEnum: "in" | "out";
        Identity: {
            readonly id: number;
            channel_kind: components["schemas"]["ChannelKindEnum"];
            external_id: string;
            username?: string;
            display_name?: string;
            avatar_url?: string;
            follower_count?: number | null;
            /** Format: date-time */
            readonly created_at: string;
        };
        InboundEvent: {
            readonly id: number;
            channel_account: number;
            kind: components["schemas"]["ChannelKindEnum"];
            status: components["schemas"]["InboundEventStatusEnum"];
            /** Format: date-time */
            received_at: string;
            attempts?: number;
            /** Format: date-time */
            next_attempt_at?: string | null;
            /** Format: date-time */
            processed_at?: string | null;
            /** @description Why it was refused, or the last processing failure. */
            error?: string;
            /** @description What processing did: counts per outcome. */
            outcome?: unknown;
            readonly size_bytes: number;
        };
        /**
         * @description The request exactly as received, to read or replay: body as text (UTF-8, undecodable bytes
         *     replaced) and base64 (byte-exact).
         */
        InboundEventDetail: {
            readonly id: number;
            channel_account: number;
            kind: components["schemas"]["ChannelKindEnum"];
            status: components["schemas"]["InboundEventStatusEnum"];
            /** Format: date-time */
            received_at: string;
            attempts?: number;
            /** Format: date-time */
            next_attempt_at?: string | null;
            /** Format: date-time */
            processed_at?: string | null;
            /** @description Why it was refused, or the last processing failure. */
            error?: string;
            /** @description What processing did: counts per outcome. */
            outcome?: unknown;
            readonly size_bytes: number;
            headers?: unknown;
            query_string?: string;
            readonly body_text: string;
            readonly body_base64: string;
        };
        /**
         * @description * `pending` - Waiting to be processed
         *     * `processed` - Processed
         *     * `ignored` - Nothing to do (unknown or out-of-scope event types)
         *     * `rejected` - Refused: missing or forged signature
         *     * `malformed` - Refused: not the platform's format
         *     * `failed` - Processing failed; will be retried
         *     * `dead` - Processing failed too many times; reprocess by hand
         * @enum {string}
         */
        InboundEventStatusEnum: "pending" | "processed" | "ignored" | "rejected" | "malformed" | "failed" | "dead";
        /**
         * @description * `en` - English
         *     * `es` - Español
         *     * `pl` - Polski
         * @enum {string}
         */
        LanguageEnum: "en" | "es" | "pl";
        LoginInputRequest: {
            /** Format: email */
            email: string;
            password: string;
        };
        Member: {
            readonly id: number;
            readonly user: components["schemas"]["User"];
            role?: components["schemas"]["RoleEnum"];
            is_active?: boolean;
            /** @description The teams this member belongs to, by name. */
            readonly teams: components["schemas"]["MemberTeam"][];
            /** Format: date-time */
            readonly created_at: string;
        };
        MemberBrief: {
            readonly id: number;
            readonly name: string;
        };
        MemberCreateInputRequest: {
            /** Format: email */
            email: string;
            /** @default  */
            name?: string;
            /** @default agent */
            role?: components["schemas"]["RoleEnum"];
            /** @description Initial password for a new user; omit to create the login without one. */
            password?: string | null;
        };
        MemberTeam: {
            readonly id: number;
            name: string;
        };
        MembershipBrief: {
            workspace: components["schemas"]["WorkspaceBrief"];
            role: components["schemas"]["RoleEnum"];
        };
        MergeSuggestion: {
            customer: components["schemas"]["Customer"];
            reasons: components["schemas"]["ReasonsEnum"][];
        };
        Message: {
            readonly id: number;
            readonly case_id: number;
            readonly direction: components["schemas"]["DirectionEnum"];
            readonly kind: components["schemas"]["MessageKindEnum"];
            readonly source_kind: string;
            author: components["schemas"]["MemberBrief"] | null;
            readonly text: string;
            readonly reply_to_id: number | null;
            /** @description The platform's message id (email: Message-ID). */
            readonly external_id: string;
            /**
             * Format: date-time
             * @description When the platform says it was sent.
             */
            readonly sent_at: string | null;
            /**
             * Format: date-time
             * @description When we stored it.
             */
            readonly received_at: string;
            readonly status: components["schemas"]["DeliveryStatusEnum"];
            readonly error_code: string;
            readonly error_message: string;
            /** Format: date-time */
            readonly edited_at: string | null;
            /** Format: date-time */
            readonly deleted_at: string | null;
            /** @description The customer's current reaction to it. */
            readonly reaction: string;
            attachments: components["schemas"]["Attachment"][];
            readonly mentions: components["schemas"]["MemberBrief"][];
        };
        /**
         * @description * `public` - Public
         *     * `note` - Private note
         *     * `system` - System
         * @enum {string}
         */
        MessageKindEnum: "public" | "note" | "system";
        /**
         * @description * `first_response` - First response
         *     * `next_response` - Next response
         *     * `resolution` - Resolution
         * @enum {string}
         */
        NextTargetEnum: "first_response" | "next_response" | "resolution";
        PaginatedApiTokenList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["ApiToken"][];
        };
        PaginatedBreachingSoonList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["BreachingSoon"][];
        };
        PaginatedCalendarList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["Calendar"][];
        };
        PaginatedCannedResponseList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["CannedResponse"][];
        };
        PaginatedCaseList: {
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cD00ODY%3D"
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?cursor=cj0xJnA9NDg3
             */
            previous?: string | null;
            results: components["schemas"]["Case"][];
        };
        PaginatedChannelAccountList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["ChannelAccount"][];
        };
        PaginatedCustomerList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["Customer"][];
        };
        PaginatedInboundEventList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["InboundEvent"][];
        };
        PaginatedMemberList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["Member"][];
        };
        PaginatedPolicyList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["Policy"][];
        };
        PaginatedTaggingRuleList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["TaggingRule"][];
        };
        PaginatedTeamList: {
            /** @example 123 */
            count: number;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=4
             */
            next?: string | null;
            /**
             * Format: uri
             * @example http://api.example.org/accounts/?page=2
             */
            previous?: string | null;
            results: components["schemas"]["Team"][];
        };
        PatchedCalendarInputRequest: {
            name?: string;
            /**
             * @description IANA time zone, e.g. Europe/Madrid.
             * @default UTC
             */
            timezone?: string;
            /** @description Working windows; several per weekday for split shifts. */
            hours?: components["schemas"]["WorkingWindowRequest"][];
            /**
             * @description ISO 3166 code, e.g. ES.
             * @default
             */
            holiday_country?: string;
            /**
             * @description e.g. MD.
             * @default
             */
            holiday_subdivision?: string;
            /** @description The workspace's own closed dates. */
            custom_holidays?: components["schemas"]["CustomHolidayRequest"][];
        };
        PatchedCannedResponseInputRequest: {
            shortcut?: string;
            title?: string;
            body?: string;
            /** @description Only for this team. */
            team_id?: number | null;
        };
        PatchedChannelAccountPatchInputRequest: {
            /** @description Read-only: a channel account's kind never changes. */
            kind?: string;
            name?: string;
            external_id?: string;
            /** @description Seconds, or an ISO 8601 duration such as P7D or PT12H. */
            reopen_window?: number | string;
            email_subject_threading?: boolean;
            is_active?: boolean;
            /** @description A team of this workspace (null: none); new cases go to it. */
            default_team_id?: number | null;
            /** @description Only the fields given change; an empty string removes one. */
            credentials?: {
                [key: string]: string;
            };
        };
        PatchedCustomerPatchInputRequest: {
            display_name?: string;
            email?: string;
            phone?: string;
            language?: string;
            locale?: string;
            /** @description Per channel kind: may we message them first (campaigns)? */
            opted_in?: {
                [key: string]: boolean;
            };
        };
        PatchedMemberUpdateInputRequest: {
            role?: components["schemas"]["RoleEnum"];
            /** @description The member's teams, exactly (team ids of this workspace). */
            team_ids?: number[];
        };
        PatchedPolicyInputRequest: {
            name?: string;
            /** @default 0 */
            position?: number;
            /** @default false */
            is_default?: boolean;
            /** @default true */
            is_active?: boolean;
            /** @description Business hours for business-time targets; null: around the clock. */
            calendar_id?: number | null;
            conditions?: components["schemas"]["PolicyConditionsRequest"];
            /** @description First response target in seconds; null: no target. */
            first_response_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            first_response_business?: boolean;
            /** @description Next response target in seconds; null: no target. */
            next_response_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            next_response_business?: boolean;
            /** @description Resolution target in seconds; null: no target. */
            resolution_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            resolution_business?: boolean;
            /**
             * Format: decimal
             * @default 0.80
             */
            at_risk_share?: string;
            /** @default restart */
            resolution_on_reopen?: components["schemas"]["ResolutionOnReopenEnum"];
            /** @default false */
            escalate_on_at_risk?: boolean;
            escalate_priority?: number | null;
            escalate_team_id?: number | null;
            /** @description A member (usually a supervisor) emailed on escalation. */
            escalate_notify_id?: number | null;
        };
        /**
         * @description All conditions given must hold; an empty list is no condition. At least one condition
         *     and one tag.
         */
        PatchedTaggingRuleInputRequest: {
            name?: string;
            /** @default true */
            is_active?: boolean;
            /** @description Messages from these channels only. */
            channel_kinds?: components["schemas"]["ChannelKindEnum"][];
            /** @description Any of these in the message, as whole words, ignoring case. */
            keywords?: string[];
            /** @description The customer's language (ISO 639-1). */
            languages?: string[];
            /** @description Loyalty tags added to the customer. */
            tags?: string[];
            /**
             * @description Also add the tags to the message's case.
             * @default false
             */
            tag_case?: boolean;
        };
        PatchedTeamPatchInputRequest: {
            name?: string;
            member_ids?: number[];
        };
        PatchedWorkspacePatchInputRequest: {
            name?: string;
            timezone?: string;
            default_language?: components["schemas"]["LanguageEnum"];
            currency?: string;
        };
        Policy: {
            readonly id: number;
            name: string;
            /** @description Lower positions are tried first. */
            position?: number;
            /** @description Applies when no other policy matches. One per workspace. */
            is_default?: boolean;
            is_active?: boolean;
            readonly calendar_id: number | null;
            conditions: components["schemas"]["PolicyConditions"];
            first_response_seconds?: number | null;
            first_response_business?: boolean;
            next_response_seconds?: number | null;
            next_response_business?: boolean;
            resolution_seconds?: number | null;
            resolution_business?: boolean;
            /** Format: double */
            at_risk_share: number;
            resolution_on_reopen?: components["schemas"]["ResolutionOnReopenEnum"];
            escalate_on_at_risk?: boolean;
            /** @description Raise the case to at least this priority. */
            escalate_priority?: number | null;
            readonly escalate_team_id: number | null;
            readonly escalate_notify_id: number | null;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        PolicyBrief: {
            id: number;
            name: string;
        };
        /** @description All given conditions must hold; within one, any of its values will do. */
        PolicyConditions: {
            channel_kinds?: components["schemas"]["ChannelKindEnum"][];
            channel_account_ids?: number[];
            priorities?: number[];
            /** @description Loyalty tiers (a customer tagged "tier:gold" is gold). */
            customer_tiers?: string[];
            customer_tags?: string[];
            team_ids?: number[];
        };
        /** @description All given conditions must hold; within one, any of its values will do. */
        PolicyConditionsRequest: {
            channel_kinds?: components["schemas"]["ChannelKindEnum"][];
            channel_account_ids?: number[];
            priorities?: number[];
            /** @description Loyalty tiers (a customer tagged "tier:gold" is gold). */
            customer_tiers?: string[];
            customer_tags?: string[];
            team_ids?: number[];
        };
        /**
         * @description * `unrestricted` - unrestricted
         *     * `open` - open
         *     * `human_agent` - human_agent
         *     * `template_only` - template_only
         *     * `closed` - closed
         * @enum {string}
         */
        PolicyEnum: "unrestricted" | "open" | "human_agent" | "template_only" | "closed";
        PolicyInputRequest: {
            name: string;
            /** @default 0 */
            position?: number;
            /** @default false */
            is_default?: boolean;
            /** @default true */
            is_active?: boolean;
            /** @description Business hours for business-time targets; null: around the clock. */
            calendar_id?: number | null;
            conditions?: components["schemas"]["PolicyConditionsRequest"];
            /** @description First response target in seconds; null: no target. */
            first_response_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            first_response_business?: boolean;
            /** @description Next response target in seconds; null: no target. */
            next_response_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            next_response_business?: boolean;
            /** @description Resolution target in seconds; null: no target. */
            resolution_seconds?: number | null;
            /**
             * @description Count business time on the calendar (else wall time).
             * @default true
             */
            resolution_business?: boolean;
            /**
             * Format: decimal
             * @default 0.80
             */
            at_risk_share?: string;
            /** @default restart */
            resolution_on_reopen?: components["schemas"]["ResolutionOnReopenEnum"];
            /** @default false */
            escalate_on_at_risk?: boolean;
            escalate_priority?: number | null;
            escalate_team_id?: number | null;
            /** @description A member (usually a supervisor) emailed on escalation. */
            escalate_notify_id?: number | null;
        };
        PolicyReapplyResult: {
            /** @description Open cases whose clocks were recomputed (0 when queued). */
            recomputed: number;
            /** @description True (HTTP 202): many open cases; a background job recomputes them. */
            queued: boolean;
        };
        /**
         * @description * `same_email` - same_email
         *     * `same_phone` - same_phone
         * @enum {string}
         */
        ReasonsEnum: "same_email" | "same_phone";
        RenderedText: {
            text: string;
        };
        ReplyUpload: {
            readonly id: number;
            readonly name: string;
            readonly mime_type: string;
            readonly size_bytes: number;
            /** Format: date-time */
            readonly created_at: string;
        };
        ReplyUploadInputRequest: {
            /**
             * Format: binary
             * @description One file, at most 25 MB (multipart/form-data).
             */
            file: string;
        };
        ReplyWindow: {
            /**
             * @description unrestricted: no window; open: free replies until closes_at; human_agent: Meta, sent with the HUMAN_AGENT tag until closes_at; template_only: WhatsApp, only an approved template; closed: wait for the customer.
             *
             *     * `unrestricted` - unrestricted
             *     * `open` - open
             *     * `human_agent` - human_agent
             *     * `template_only` - template_only
             *     * `closed` - closed
             */
            policy: components["schemas"]["PolicyEnum"];
            /** Format: date-time */
            closes_at: string | null;
        };
        /**
         * @description * `restart` - Restart the full resolution target at the reopen
         *     * `resume` - Continue the resolution clock; the time spent resolved does not count
         * @enum {string}
         */
        ResolutionOnReopenEnum: "restart" | "resume";
        /**
         * @description * `agent` - Agent
         *     * `supervisor` - Supervisor
         *     * `admin` - Admin
         * @enum {string}
         */
        RoleEnum: "agent" | "supervisor" | "admin";
        Session: {
            user: components["schemas"]["User"];
            workspace: components["schemas"]["WorkspaceBrief"];
            role: components["schemas"]["RoleEnum"];
            memberships: components["schemas"]["MembershipBrief"][];
        };
        /**
         * @description * `on_track` - on_track
         *     * `at_risk` - at_risk
         *     * `breached` - breached
         *     * `paused` - paused
         * @enum {string}
         */
        StateEnum: "on_track" | "at_risk" | "breached" | "paused";
        TaggingRule: {
            readonly id: number;
            name: string;
            is_active?: boolean;
            channel_kinds: components["schemas"]["ChannelKindEnum"][];
            keywords: string[];
            languages: string[];
            tags: string[];
            /** @description Add the same tags to the case the message belongs to. */
            tag_case?: boolean;
            /** Format: date-time */
            readonly created_at: string;
            /** Format: date-time */
            readonly updated_at: string;
        };
        /**
         * @description All conditions given must hold; an empty list is no condition. At least one condition
         *     and one tag.
         */
        TaggingRuleInputRequest: {
            name: string;
            /** @default true */
            is_active?: boolean;
            /** @description Messages from these channels only. */
            channel_kinds?: components["schemas"]["ChannelKindEnum"][];
            /** @description Any of these in the message, as whole words, ignoring case. */
            keywords?: string[];
            /** @description The customer's language (ISO 639-1). */
            languages?: string[];
            /** @description Loyalty tags added to the customer. */
            tags: string[];
            /**
             * @description Also add the tags to the message's case.
             * @default false
             */
            tag_case?: boolean;
        };
        /**
         * @description * `first_response` - first_response
         *     * `next_response` - next_response
         *     * `resolution` - resolution
         * @enum {string}
         */
        TargetEnum: "first_response" | "next_response" | "resolution";
        Team: {
            readonly id: number;
            name: string;
            readonly members: components["schemas"]["TeamMember"][];
            /** Format: date-time */
            readonly created_at: string;
        };
        TeamBrief: {
            readonly id: number;
            name: string;
        };
        TeamCount: {
            id: number;
            name: string;
            count: number;
        };
        TeamInputRequest: {
            name: string;
            /** @description Membership ids. */
            member_ids?: number[];
        };
        TeamMember: {
            readonly id: number;
            readonly name: string;
            /** Format: email */
            readonly email: string;
            role?: components["schemas"]["RoleEnum"];
        };
        User: {
            readonly id: number;
            /** Format: email */
            email: string;
            name?: string;
            language?: components["schemas"]["LanguageEnum"] | components["schemas"]["BlankEnum"];
        };
        WhatsAppTemplateRequest: {
            /** @description The approved template's name. */
            name: string;
            /** @description Its language code, e.g. es, en_US, pl. */
            language: string;
            parameters?: string[];
        };
        WidgetAttachment: {
            /** @description image, video, audio or file */
            kind: string;
            /** @description An agent's file: a public signed link. The visitor's own: a path on this server to GET with the session token. */
            url: string;
            name: string;
            mime_type: string;
            size_bytes: number | null;
            /** @description True: fetch `url` with `Authorization: Bearer <session_token>`. */
            authenticated: boolean;
        };
        WidgetAttachmentRefRequest: {
            /** @description An id from POST /uploads, not sent yet. */
            upload_id: number;
        };
        WidgetHistory: {
            messages: components["schemas"]["WidgetMessage"][];
            /** @description More after the last one: ask again with after=<its id>. */
            has_more: boolean;
        };
        WidgetMessage: {
            id: number;
            /** @description Render by it (server order). */
            seq: number;
            direction: components["schemas"]["DirectionEnum"];
            /** @description The visitor's own id of an inbound message; '' for replies. */
            client_message_id: string;
            text: string;
            status: components["schemas"]["DeliveryStatusEnum"];
            author: components["schemas"]["WidgetMessageAuthor"] | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            sent_at: string | null;
            /** Format: date-time */
            edited_at: string | null;
            deleted: boolean;
            /** @description The message's files. */
            attachments: components["schemas"]["WidgetAttachment"][];
        };
        WidgetMessageAck: {
            type: string;
            client_message_id: string;
            message_id: number;
            seq: number;
            /** Format: date-time */
            created_at: string;
        };
        WidgetMessageAuthor: {
            name: string;
        };
        WidgetMessageInputRequest: {
            /** @description A UUID the widget made: resending it is harmless. */
            client_message_id: string;
            /**
             * @description May be empty with files.
             * @default
             */
            text?: string;
            /** @description This visitor's uploads, in order. */
            attachments?: components["schemas"]["WidgetAttachmentRefRequest"][];
            /**
             * Format: date-time
             * @description When the visitor sent it (RFC 3339, UTC).
             */
            sent_at?: string | null;
        };
        WidgetReadReceipt: {
            /** @description Replies that moved to read. */
            read: number[];
        };
        WidgetReadReceiptInputRequest: {
            up_to_message_id: number;
        };
        WidgetSession: {
            /** @description Keep it (localStorage); send it as `Authorization: Bearer` and on the websocket. */
            session_token: string;
            visitor_id: string;
            widget: number;
            widget_name: string;
            verified: boolean;
            name: string;
            email: string;
            /** @description True when the token given resumed its session. */
            resumed: boolean;
            /** @description Connect to it with ?token=<session_token>[&after=<last message id>]. */
            websocket_path: string;
            /** @description The largest file POST /uploads accepts. */
            upload_max_bytes: number;
            /** @description The file types it accepts (MIME). */
            upload_types: string[];
        };
        WidgetSessionInputRequest: {
            /** @description The widget's id: its `webchat` channel account id (data-widget). */
            widget: number;
            /** @description A token from an earlier answer: resumes that session. */
            session_token?: string;
            /** @description The host site's id of its logged-in user; needs user_hash. */
            user_identifier?: string;
            /** @description hex HMAC-SHA256(identity_secret, user_identifier). */
            user_hash?: string;
            /** @description Trusted only with a verified identity. */
            name?: string;
            /** @description Trusted only with a verified identity. */
            email?: string;
            /** @description The browser's language, e.g. es-ES. */
            language?: string;
        };
        WidgetUpload: {
            /** @description Send it as attachments[].upload_id with the message. */
            id: number;
            name: string;
            mime_type: string;
            size_bytes: number;
        };
        WidgetUploadInputRequest: {
            /**
             * Format: binary
             * @description An image (JPEG, PNG, GIF, WebP) or a PDF, as its content says.
             */
            file: string;
        };
        WorkingWindow: {
            /** @description 0 is Monday, 6 is Sunday. */
            weekday: number;
            /** @description Local time, HH:MM. */
            start: string;
            /** @description Local time, HH:MM; 24:00 is midnight at the end of the day. */
            end: string;
        };
        WorkingWindowRequest: {
            /** @description 0 is Monday, 6 is Sunday. */
            weekday: number;
            /** @description Local time, HH:MM. */
            start: string;
            /** @description Local time, HH:MM; 24:00 is midnight at the end of the day. */
            end: string;
        };
        Workspace: {
            readonly id: number;
            readonly slug: string;
            name: string;
            timezone?: string;
            default_language?: components["schemas"]["LanguageEnum"];
            /** @description ISO 4217 code used for the cost reports. */
            currency?: string;
        };
        WorkspaceBrief: {
            readonly id: number;
            slug: string;
            name: string;
        };
        WorkspaceSwitchInputRequest: {
            /** @description Slug of a workspace you are an active member of. */
            workspace: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    api_v1_attachments_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description No response body */
            302: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_auth_login_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["LoginInputRequest"];
                "multipart/form-data": components["schemas"]["LoginInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    api_v1_auth_logout_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_auth_session_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    api_v1_auth_workspace_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WorkspaceSwitchInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WorkspaceSwitchInputRequest"];
                "multipart/form-data": components["schemas"]["WorkspaceSwitchInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Session"];
                };
            };
        };
    };
    api_v1_board_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Board"];
                };
            };
        };
    };
    api_v1_canned_responses_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCannedResponseList"];
                };
            };
        };
    };
    api_v1_canned_responses_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CannedResponseInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CannedResponseInputRequest"];
                "multipart/form-data": components["schemas"]["CannedResponseInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedResponse"];
                };
            };
        };
    };
    api_v1_canned_responses_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this canned response. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedResponse"];
                };
            };
        };
    };
    api_v1_canned_responses_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this canned response. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_canned_responses_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this canned response. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedCannedResponseInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedCannedResponseInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedCannedResponseInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CannedResponse"];
                };
            };
        };
    };
    api_v1_canned_responses_render_retrieve: {
        parameters: {
            query: {
                /** @description The case whose customer fills the variables. */
                case: number;
            };
            header?: never;
            path: {
                /** @description A unique integer value identifying this canned response. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RenderedText"];
                };
            };
        };
    };
    api_v1_case_tags_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseTagCount"][];
                };
            };
        };
    };
    api_v1_cases_list: {
        parameters: {
            query?: {
                /** @description `me`, `none` (or `unassigned`), or a member id. */
                assignee?: string;
                /**
                 * @description Channel kinds, comma-separated.
                 *
                 *     * `messenger` - Messenger
                 *     * `instagram` - Instagram
                 *     * `whatsapp` - Whatsapp
                 *     * `telegram` - Telegram
                 *     * `x` - X
                 *     * `email` - Email
                 *     * `webchat` - Webchat
                 *     * `api` - Api
                 */
                channel?: ("api" | "email" | "instagram" | "messenger" | "telegram" | "webchat" | "whatsapp" | "x")[];
                channel_account?: number;
                /** @description The pagination cursor value. */
                cursor?: string;
                customer?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
                priority?: (0 | 1 | 2 | 3)[];
                /** @description Full-text search over the case's messages (English, Spanish, Polish). */
                q?: string;
                /**
                 * @description Default `newest`.
                 *
                 *     * `newest` - Last message, newest first
                 *     * `oldest_waiting` - Longest waiting for an answer first; answered cases last
                 *     * `priority` - Highest priority first, then longest waiting
                 */
                sort?: "newest" | "oldest_waiting" | "priority";
                /**
                 * @description One or more statuses, comma-separated; `open` = every open status.
                 *
                 *     * `open` - Any open status: new, open, pending, snoozed
                 *     * `new` - New
                 *     * `pending` - Waiting on customer
                 *     * `snoozed` - Snoozed
                 *     * `resolved` - Resolved
                 *     * `closed` - Closed
                 *     * `merged` - Merged
                 *     * `spam` - Spam
                 */
                status?: ("closed" | "merged" | "new" | "open" | "pending" | "resolved" | "snoozed" | "spam")[];
                tag?: string;
                /** @description A team id, or `none` for cases without a team. */
                team?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCaseList"];
                };
            };
        };
    };
    api_v1_cases_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseDetail"];
                };
            };
        };
    };
    api_v1_cases_assign_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseAssignInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseAssignInputRequest"];
                "multipart/form-data": components["schemas"]["CaseAssignInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_merge_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseMergeInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseMergeInputRequest"];
                "multipart/form-data": components["schemas"]["CaseMergeInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_notes_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CaseNoteInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseNoteInputRequest"];
                "multipart/form-data": components["schemas"]["CaseNoteInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    api_v1_cases_priority_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CasePriorityInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CasePriorityInputRequest"];
                "multipart/form-data": components["schemas"]["CasePriorityInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_reply_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CaseReplyInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseReplyInputRequest"];
                "multipart/form-data": components["schemas"]["CaseReplyInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Message"];
                };
            };
        };
    };
    api_v1_cases_snooze_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseSnoozeInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseSnoozeInputRequest"];
                "multipart/form-data": components["schemas"]["CaseSnoozeInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_status_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseStatusInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseStatusInputRequest"];
                "multipart/form-data": components["schemas"]["CaseStatusInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_tags_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CaseTagsInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseTagsInputRequest"];
                "multipart/form-data": components["schemas"]["CaseTagsInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_team_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CaseTeamInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CaseTeamInputRequest"];
                "multipart/form-data": components["schemas"]["CaseTeamInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Case"];
                };
            };
        };
    };
    api_v1_cases_uploads_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this case. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["ReplyUploadInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplyUpload"];
                };
            };
        };
    };
    api_v1_cases_counts_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseCounts"];
                };
            };
        };
    };
    api_v1_channel_accounts_list: {
        parameters: {
            query?: {
                is_active?: boolean;
                /**
                 * @description * `messenger` - Messenger
                 *     * `instagram` - Instagram
                 *     * `whatsapp` - Whatsapp
                 *     * `telegram` - Telegram
                 *     * `x` - X
                 *     * `email` - Email
                 *     * `webchat` - Webchat
                 *     * `api` - Api
                 */
                kind?: "api" | "email" | "instagram" | "messenger" | "telegram" | "webchat" | "whatsapp" | "x";
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedChannelAccountList"];
                };
            };
        };
    };
    api_v1_channel_accounts_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChannelAccountInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ChannelAccountInputRequest"];
                "multipart/form-data": components["schemas"]["ChannelAccountInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
        };
    };
    api_v1_channel_accounts_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this channel account. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
        };
    };
    api_v1_channel_accounts_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this channel account. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_channel_accounts_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this channel account. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedChannelAccountPatchInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedChannelAccountPatchInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedChannelAccountPatchInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
        };
    };
    api_v1_channel_accounts_messages_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiMessageInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ApiMessageInputRequest"];
                "multipart/form-data": components["schemas"]["ApiMessageInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiMessageResult"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiMessageResult"];
                };
            };
        };
    };
    api_v1_channel_accounts_register_webhook_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this channel account. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelAccount"];
                };
            };
        };
    };
    api_v1_customers_list: {
        parameters: {
            query?: {
                /**
                 * @description Customers with an identity on any of these channel kinds.
                 *
                 *     * `messenger` - Messenger
                 *     * `instagram` - Instagram
                 *     * `whatsapp` - Whatsapp
                 *     * `telegram` - Telegram
                 *     * `x` - X
                 *     * `email` - Email
                 *     * `webchat` - Webchat
                 *     * `api` - Api
                 */
                channel?: ("api" | "email" | "instagram" | "messenger" | "telegram" | "webchat" | "whatsapp" | "x")[];
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Name, email, phone, or a username/name on any channel. */
                q?: string;
                tag?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCustomerList"];
                };
            };
        };
    };
    api_v1_customers_cases_list: {
        parameters: {
            query?: {
                /** @description The pagination cursor value. */
                cursor?: string;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path: {
                customer_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCaseList"];
                };
            };
        };
    };
    api_v1_customers_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this customer. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerDetail"];
                };
            };
        };
    };
    api_v1_customers_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this customer. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedCustomerPatchInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedCustomerPatchInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedCustomerPatchInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerDetail"];
                };
            };
        };
    };
    api_v1_customers_merge_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this customer. */
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CustomerMergeInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CustomerMergeInputRequest"];
                "multipart/form-data": components["schemas"]["CustomerMergeInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerMergeResult"];
                };
            };
        };
    };
    api_v1_customers_merge_suggestions_list: {
        parameters: {
            query?: {
                /**
                 * @description Customers with an identity on any of these channel kinds.
                 *
                 *     * `messenger` - Messenger
                 *     * `instagram` - Instagram
                 *     * `whatsapp` - Whatsapp
                 *     * `telegram` - Telegram
                 *     * `x` - X
                 *     * `email` - Email
                 *     * `webchat` - Webchat
                 *     * `api` - Api
                 */
                channel?: ("api" | "email" | "instagram" | "messenger" | "telegram" | "webchat" | "whatsapp" | "x")[];
                /** @description Name, email, phone, or a username/name on any channel. */
                q?: string;
                tag?: string;
            };
            header?: never;
            path: {
                /** @description A unique integer value identifying this customer. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MergeSuggestion"][];
                };
            };
        };
    };
    api_v1_customers_tags_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this customer. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CustomerTagsInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CustomerTagsInputRequest"];
                "multipart/form-data": components["schemas"]["CustomerTagsInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CustomerDetail"];
                };
            };
        };
    };
    api_v1_inbound_events_list: {
        parameters: {
            query?: {
                channel_account?: number;
                /**
                 * @description * `messenger` - Messenger
                 *     * `instagram` - Instagram
                 *     * `whatsapp` - Whatsapp
                 *     * `telegram` - Telegram
                 *     * `x` - X
                 *     * `email` - Email
                 *     * `webchat` - Webchat
                 *     * `api` - Api
                 */
                kind?: "api" | "email" | "instagram" | "messenger" | "telegram" | "webchat" | "whatsapp" | "x";
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
                /**
                 * @description * `pending` - Waiting to be processed
                 *     * `processed` - Processed
                 *     * `ignored` - Nothing to do (unknown or out-of-scope event types)
                 *     * `rejected` - Refused: missing or forged signature
                 *     * `malformed` - Refused: not the platform's format
                 *     * `failed` - Processing failed; will be retried
                 *     * `dead` - Processing failed too many times; reprocess by hand
                 */
                status?: "dead" | "failed" | "ignored" | "malformed" | "pending" | "processed" | "rejected";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedInboundEventList"];
                };
            };
        };
    };
    api_v1_inbound_events_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this inbound event. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundEventDetail"];
                };
            };
        };
    };
    api_v1_inbound_events_reprocess_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this inbound event. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InboundEvent"];
                };
            };
        };
    };
    api_v1_members_list: {
        parameters: {
            query?: {
                is_active?: boolean;
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
                /**
                 * @description * `agent` - Agent
                 *     * `supervisor` - Supervisor
                 *     * `admin` - Admin
                 */
                role?: "admin" | "agent" | "supervisor";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedMemberList"];
                };
            };
        };
    };
    api_v1_members_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MemberCreateInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["MemberCreateInputRequest"];
                "multipart/form-data": components["schemas"]["MemberCreateInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
        };
    };
    api_v1_members_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this membership. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
        };
    };
    api_v1_members_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this membership. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_members_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this membership. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedMemberUpdateInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedMemberUpdateInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedMemberUpdateInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Member"];
                };
            };
        };
    };
    api_v1_sla_breaching_soon_list: {
        parameters: {
            query?: {
                /** @description Only cases of this member. */
                assignee?: number;
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
                /** @description Only cases of this team. */
                team?: number;
                /** @description Deadlines up to this many seconds from now (and any not swept yet). */
                within?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedBreachingSoonList"];
                };
            };
        };
    };
    api_v1_sla_calendars_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedCalendarList"];
                };
            };
        };
    };
    api_v1_sla_calendars_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CalendarInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["CalendarInputRequest"];
                "multipart/form-data": components["schemas"]["CalendarInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Calendar"];
                };
            };
        };
    };
    api_v1_sla_calendars_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this business calendar. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Calendar"];
                };
            };
        };
    };
    api_v1_sla_calendars_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this business calendar. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_sla_calendars_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this business calendar. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedCalendarInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedCalendarInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedCalendarInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Calendar"];
                };
            };
        };
    };
    api_v1_sla_cases_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                case_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CaseSla"];
                };
            };
        };
    };
    api_v1_sla_policies_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedPolicyList"];
                };
            };
        };
    };
    api_v1_sla_policies_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PolicyInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PolicyInputRequest"];
                "multipart/form-data": components["schemas"]["PolicyInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
        };
    };
    api_v1_sla_policies_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this sla policy. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
        };
    };
    api_v1_sla_policies_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this sla policy. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_sla_policies_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this sla policy. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedPolicyInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedPolicyInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedPolicyInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Policy"];
                };
            };
        };
    };
    api_v1_sla_policies_reapply_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this sla policy. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyReapplyResult"];
                };
            };
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PolicyReapplyResult"];
                };
            };
        };
    };
    api_v1_tagging_rules_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedTaggingRuleList"];
                };
            };
        };
    };
    api_v1_tagging_rules_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TaggingRuleInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["TaggingRuleInputRequest"];
                "multipart/form-data": components["schemas"]["TaggingRuleInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaggingRule"];
                };
            };
        };
    };
    api_v1_tagging_rules_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this tagging rule. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaggingRule"];
                };
            };
        };
    };
    api_v1_tagging_rules_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this tagging rule. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_tagging_rules_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this tagging rule. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedTaggingRuleInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedTaggingRuleInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedTaggingRuleInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TaggingRule"];
                };
            };
        };
    };
    api_v1_teams_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedTeamList"];
                };
            };
        };
    };
    api_v1_teams_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TeamInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["TeamInputRequest"];
                "multipart/form-data": components["schemas"]["TeamInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    api_v1_teams_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this team. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    api_v1_teams_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this team. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_teams_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this team. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedTeamPatchInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedTeamPatchInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedTeamPatchInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Team"];
                };
            };
        };
    };
    api_v1_tokens_list: {
        parameters: {
            query?: {
                /** @description A page number within the paginated result set. */
                page?: number;
                /** @description Number of results to return per page. */
                page_size?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaginatedApiTokenList"];
                };
            };
        };
    };
    api_v1_tokens_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiTokenInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ApiTokenInputRequest"];
                "multipart/form-data": components["schemas"]["ApiTokenInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiTokenCreated"];
                };
            };
        };
    };
    api_v1_tokens_destroy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A unique integer value identifying this api token. */
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description No response body */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_v1_workspace_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
        };
    };
    api_v1_workspace_partial_update: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["PatchedWorkspacePatchInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["PatchedWorkspacePatchInputRequest"];
                "multipart/form-data": components["schemas"]["PatchedWorkspacePatchInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Workspace"];
                };
            };
        };
    };
    api_widget_v1_attachments_retrieve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/octet-stream": string;
                };
            };
            /** @description No response body */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    api_widget_v1_messages_retrieve: {
        parameters: {
            query?: {
                /** @description The last message id the widget has: only newer ones. */
                after?: number;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetHistory"];
                };
            };
        };
    };
    api_widget_v1_messages_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetMessageInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WidgetMessageInputRequest"];
                "multipart/form-data": components["schemas"]["WidgetMessageInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetMessageAck"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetMessageAck"];
                };
            };
        };
    };
    api_widget_v1_receipts_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetReadReceiptInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WidgetReadReceiptInputRequest"];
                "multipart/form-data": components["schemas"]["WidgetReadReceiptInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetReadReceipt"];
                };
            };
        };
    };
    api_widget_v1_sessions_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WidgetSessionInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["WidgetSessionInputRequest"];
                "multipart/form-data": components["schemas"]["WidgetSessionInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSession"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetSession"];
                };
            };
        };
    };
    api_widget_v1_uploads_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "multipart/form-data": components["schemas"]["WidgetUploadInputRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WidgetUpload"];
                };
            };
            /** @description file_too_large: over `upload_max_bytes` (extra.max_bytes). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description unsupported_file_type: not an image or a PDF (extra.types). */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhooks_api_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApiMessageInputRequest"];
                "application/x-www-form-urlencoded": components["schemas"]["ApiMessageInputRequest"];
                "multipart/form-data": components["schemas"]["ApiMessageInputRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiMessageResult"];
                };
            };
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiMessageResult"];
                };
            };
        };
    };
}
