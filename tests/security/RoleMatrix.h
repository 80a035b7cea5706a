#pragma once

// DESIGN.md §4.1's permission table, as the server enforces it: every art32 table and function, and what each
// role may do with it. tst_rolematrix walks the catalog and fails on any object not listed here, so a migration
// that adds a table or a function adds its row here too.
//
// Each cell string has one column per login, unlocked and locked:
//
//     C S A P B | c s a
//
//   C cto, S sysadmin, A auditor (unlocked with a TOTP code), P art32_platform, B art32_backup (never unlock),
//   c s a the same three admins logged in with their password only (locked).
//
// Tables, SELECT:  r  allowed and sees the fixture's rows      0  allowed, but RLS shows no row
//                  -  refused (42501)
// Tables, INSERT/UPDATE/DELETE, and functions (EXECUTE with harmless arguments):
//                  +  not refused (it may still fail for its arguments: no such admin, no open rotation...)
//                  -  refused with insufficient_privilege (42501): no grant, a locked session, the wrong role
//
// A function's call is made from its argument types (as tst_catalog does) unless the row gives one: {read},
// {rotation_read} and {search} stand for a read / rotation read / search the login opened and committed first
// (0 when it may not). Trigger functions are never called: their row says who may EXECUTE them (nobody).

namespace art32::test::matrix {

struct TableRule
{
    const char* table;
    const char* select;
    const char* insert;
    const char* update;
    const char* remove;
};

struct FunctionRule
{
    const char* function; ///< proname, in art32 or art32_roles
    const char* execute;
    const char* call = nullptr; ///< arguments, when the generic ones would not reach the permission check
};

constexpr const char* kNobody = "- - - - - | - - -";
constexpr const char* kTrigger = "trigger"; ///< as FunctionRule::call

// clang-format off
inline constexpr TableRule kTables[] = {
    //  table                   SELECT                 INSERT                 UPDATE                 DELETE
    //                          C S A P B | c s a
    { "access_grants",         "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "access_requests",       "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "account_keys",          "- - - r - | - - -",   "- - - + - | - - -",   "- - - + - | - - -",   kNobody },
    { "accounts",              "r r r r - | 0 0 0",   "- - - + - | - - -",   "- - - + - | - - -",   kNobody },
    { "admin_totp",            kNobody,               kNobody,               kNobody,               kNobody },
    { "admins",                "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "audit_events",          "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "blind_index",           "- - - r - | - - -",   "- - - + - | - - -",   "- - - + - | - - -",   kNobody },
    { "erasure_ledger",        "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "kek_versions",          "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "key_rotations",         "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "key_versions",          "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "open_reads",            kNobody,               kNobody,               kNobody,               kNobody },
    { "platform_keys",         "r r r - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "platform_sealed_keys",  kNobody,               kNobody,               kNobody,               kNobody },
    // The backup role reads the retention policy for its prune and status (0014; no secrets, no personal data).
    { "policy",                "r r r - r | r r r",   kNobody,               kNobody,               kNobody },
    { "records",               "- - - r - | - - -",   "- - - + - | - - -",   "- - - + - | - - -",   kNobody },
    { "schema_migrations",     "r r r - - | r r r",   kNobody,               kNobody,               kNobody },
    { "sealed_keys",           "r r - - - | 0 0 -",   kNobody,               kNobody,               kNobody },
    { "searches",              kNobody,               kNobody,               kNobody,               kNobody },
    { "test_clock",            kNobody,               kNobody,               kNobody,               kNobody },
    { "totp_failures",         kNobody,               kNobody,               kNobody,               kNobody },
    { "unlock_outcomes",       kNobody,               kNobody,               kNobody,               kNobody },
    { "unlocked_sessions",     kNobody,               kNobody,               kNobody,               kNobody },
    // The audit chain (0012): its head only for the chain warden (not a login of this walk); anchors and signing
    // keys for every unlocked admin. No fixture rows: "0" for all (RLS proven by the tables above).
    { "audit_anchors",         "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "audit_head",            kNobody,               kNobody,               kNobody,               kNobody },
    { "audit_signing_keys",    "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    // The backup catalogue (0014): every role reads the status (DESIGN §4.1), the backup role too (no personal
    // data in it); it is written only through the backup_* functions.
    { "backup_checks",         "0 0 0 - 0 | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "backups",               "0 0 0 - 0 | 0 0 0",   kNobody,               kNobody,               kNobody },
    // The incident register (0015): every admin reads (unlocked), writes only through the incident_* functions.
    { "incident_accounts",     "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "incident_decisions",    "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "incident_reports",      "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "incident_timeline",     "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
    { "incidents",             "0 0 0 - - | 0 0 0",   kNobody,               kNobody,               kNobody },
};

constexpr const char* kEveryAdmin = "+ + + - - | + + +"; ///< what a locked login may call (unlock, lock, who am I)
constexpr const char* kCto = "+ - - - - | - - -";
constexpr const char* kReaders = "+ + - - - | - - -"; ///< CTO and sysadmin: personal data, audited
constexpr const char* kWriters = "+ + - - - | - - -"; ///< CTO and sysadmin: incidents (write), backups (run)
constexpr const char* kBackupOperators = "+ + - - + | - - -"; ///< and the backup role (its timers)

inline constexpr FunctionRule kFunctions[] = {
    //  function                          C S A P B | c s a
    // The unlock protocol: every admin, locked or not.
    { "session_is_unlocked",            kEveryAdmin },
    { "unlock_session",                 kEveryAdmin },
    { "unlock_outcome",                 kEveryAdmin },
    { "lock_session",                   kEveryAdmin },
    { "keep_alive",                     kEveryAdmin },
    { "whoami",                         kEveryAdmin },
    { "enroll",                         kEveryAdmin },
    { "now",                            "+ + + - + | + + +" }, // and the backup role (0014: retention)
    { "unlock_tries_left",              kEveryAdmin }, // 0011: before the unlock, for the caller only
    { "may_read_plaintext",             "+ + - - - | + + -" },
    // Personal data: CTO, and a sysadmin with a grant (the fixture grants account 1).
    { "open_read",                      kReaders },
    { "read_keys",                      kReaders, "{read}, 0, 1, 1, NULL" },
    { "read_records",                   kReaders, "{read}, 0, 1" },
    { "record_reveal",                  kReaders },
    { "request_search",                 kReaders },
    { "search_result",                  kReaders, "{search}" },
    { "save_record",                    kReaders },
    { "delete_record",                  kReaders },
    // Need-to-know (0013): a sysadmin asks, a CTO decides; both see what they may read.
    { "request_access",                 "- + - - - | - - -" },
    { "withdraw_access_request",        "- + - - - | - - -" },
    { "access_status",                  kReaders },
    { "note_expired_access",            kReaders },
    { "approve_access",                 kCto },
    { "refuse_access",                  kCto },
    { "grant_access",                   kCto },
    { "revoke_access",                  kCto },
    // Admins, roles, enrollment: the CTO acts, the auditor reads.
    { "admin_overview",                 "+ - + - - | - - -" },
    { "admin_create",                   kCto },
    { "admin_reset_enrollment",         kCto },
    { "admin_set_disabled",             kCto },
    { "admin_set_role",                 kCto },
    { "admin_revoke_keys",              kCto },
    { "set_policy",                     kCto },
    // Erasure and keys: the CTO.
    { "erase_account",                  kCto },
    { "keys_init",                      kCto },
    { "key_holders",                    kCto },
    { "seal_key_for",                   kCto },
    { "rotation_start",                 kCto },
    { "rotation_remaining",             kCto },
    { "rotation_finish",                kCto },
    { "rotation_keys",                  kCto, "{rotation_read}, 0, 1" },
    { "rotation_indexed",               kCto, "{rotation_read}, 0, 1" },
    { "read_indexed",                   kCto, "{rotation_read}, 1, 0, 1" },
    { "rewrap_deks",                    kCto },
    { "reindex",                        kCto },
    { "platform_register",              kCto },
    { "platform_unregister",            kCto },
    { "platform_keys_without",          kCto },
    { "seal_key_for_platform",          kCto },
    // Console status (0011): locked-out admins for who manages admins; the scan's outcome for who may read.
    { "admins_locked_out",              "+ - + - - | - - -" },
    { "scan_finished",                  kReaders },
    // The audit chain (0012, 0016): every admin records a verify; the CTO retains, checkpoints, publishes keys.
    { "audit_verified",                 "+ + + - - | - - -" },
    { "audit_retain",                   kCto },
    { "audit_checkpointed",             kCto },
    { "audit_publish_key",              kCto },
    // Backups (0014): run, verify, prune for CTO, sysadmin and the backup role; the auditor only reads.
    { "backup_begin",                   kBackupOperators },
    { "backup_finish",                  kBackupOperators }, // 0026: with the run's ledger anchor (defaults NULL)
    { "backup_import",                  kBackupOperators },
    { "backup_check_begin",             kBackupOperators },
    { "backup_check_finish",            kBackupOperators, "1, false, 1.0, 1, 'x'" },
    { "backup_pruned",                  kBackupOperators },
    { "backup_erasures",                kBackupOperators },
    { "backup_ledger",                  kBackupOperators }, // 0022: the erasure ledger for its file outside the database
    // Backups from the console (0021, i13-gui): a run or check cancelled by its login, pgBackRest's expired sets
    // for the operators; the console's request before a native job for an unlocked CTO or sysadmin only.
    { "backup_cancelled",               kBackupOperators },
    { "backup_check_cancelled",         kBackupOperators },
    { "backup_expire_missing",          kBackupOperators },
    { "backup_requested",               kWriters },
    // Incidents (0015): CTO and sysadmin write, the auditor reads the tables only.
    { "incident_open",                  kWriters },
    { "incident_update",                kWriters },
    { "incident_set_state",             kWriters },
    { "incident_missing",               kWriters },
    { "incident_note",                  kWriters },
    { "incident_decide",                kWriters },
    // Only a CTO records the notify decision (issue 14): the sysadmin is refused for that kind.
    { "incident_decide",                kCto, "1, 'notify_authority', false, 'matrix'" },
    { "incident_report",                kWriters },
    { "incident_link_accounts",         kWriters },
    { "incident_unlink_account",        kWriters },
    { "incident_account_counts",        kWriters },
    // The platform reads its own sealed keys.
    { "platform_keys",                  "- - - + - | - - -" },
    // Internal: called by the definer functions above, executable by nobody.
    { "admin_login",                    kNobody },
    { "audit",                          kNobody },
    { "caller",                         kNobody },
    { "check_unlock_code",              kNobody },
    { "committed_before_this_transaction", kNobody },
    { "granted_accounts",               kNobody },
    { "guess_sequence",                 kNobody },
    { "lock_record_for_change",         kNobody },
    { "my_backend_start",               kNobody },
    { "open_rotation",                  kNobody },
    { "pending_request_for_decision",   kNobody },
    { "policy_value",                   kNobody },
    { "refuse_unusable_versions",       kNobody },
    { "require_open_read",              kNobody },
    { "require_rotation_batch",         kNobody, "'kek', 1, 2, VARIADIC '{1}'::integer[]" },
    { "require_unlocked",               kNobody },
    { "start_unlocked_session",         kNobody },
    { "totp_code",                      kNobody },
    { "totp_match",                     kNobody },
    { "create_admin_login",             kNobody }, // art32_roles: only the owner, inside admin_create
    { "set_admin_group",                kNobody }, // art32_roles: only the owner, inside admin_set_role
    { "audit_account_of",               kNobody }, // 0012: the chain's encoding, inside the triggers
    { "audit_encode",                   kNobody },
    { "audit_field",                    kNobody },
    { "audit_chain_wait",               kNobody }, // inside art32.audit and the triggers
    { "audit_track",                    kNobody, "'art32.policy'::regclass" }, // the owner, in migrations
    { "require_backup_operator",        kNobody }, // 0014: inside the backup_* functions
    { "incident_editable_fields",       kNobody }, // 0015: inside the incident_* functions
    { "incident_locked",                kNobody },
    { "incident_missing_of",            kNobody },
    { "incident_timeline_add",          kNobody },
    // Trigger functions.
    { "account_keys_versions",          kNobody, kTrigger },
    { "blind_index_versions",           kNobody, kTrigger },
    { "admin_guess_sequence",           kNobody, kTrigger },
    { "refuse_audit_change",            kNobody, kTrigger },
    { "audit_chain",                    kNobody, kTrigger },
    { "audit_row",                      kNobody, kTrigger },
    { "audit_truncate",                 kNobody, kTrigger },
    { "refuse_recent_audit_delete",     kNobody, kTrigger },
    { "refuse_incident_record_change",  kNobody, kTrigger },
    // i12-perf (0018): every admin records an export of the log; a bulk seed's summary only by a superuser.
    { "audit_exported",                 "+ + + - - | - - -", "'csv', '{}', NULL, NULL, 0, 0" },
    { "seed_bulk",                      kNobody, "0, 0, 0" },
    { "refuse_ledger_change",           kNobody, kTrigger }, // 0022: the erasure ledger is append-only
};
// clang-format on

} // namespace art32::test::matrix
