#pragma once

// Helpers for the attack suite: connections as the roles an attacker would hold (an admin login with only its
// password, the platform role, the backup role), raw SQL with the SQLSTATE it failed with.
#include "TestSupport.h"
#include "keychain/Keychain.h"
#include "store/Database.h"

#include <memory>
#include <optional>
#include <pqxx/except>
#include <string>

namespace art32::test {

/** Connects as the admin with its password from the keychain: locked, as an attacker with the password is. */
std::unique_ptr<Database> loginAs(const TestAdmin& admin, Keychain& keychain);
/** Connects as any LOGIN role of the harness's cluster with the given password. */
std::unique_ptr<Database> loginAs(const QString& database, const QString& role, const std::string& password);
/** Unlocks with the admin's code at real time + offset; false when refused. */
bool unlockWith(Database& db, const TestAdmin& admin, qint64 offset);

/**
 * Logs in and unlocks with a fresh code: the server clock of database moves a minute on (offset grows by 60 s),
 * so no code is ever a replay. nullptr when refused.
 */
std::unique_ptr<Database> unlockedAs(const QString& database, const TestAdmin& admin, Keychain& keychain,
                                     qint64& offset);

/** Runs SQL (autocommit, one statement or several) and returns the SQLSTATE it failed with, or "" on success. */
std::string sqlstate(Database& db, const std::string& sql);
/** The first column of the first row (as text; empty optional when the statement failed or gave no row). */
std::optional<std::string> scalar(Database& db, const std::string& sql);

/** How many rows the statement returned (empty optional when it failed). */
std::optional<long long> rowsOf(Database& db, const std::string& sql);

/** The SQLSTATE of a libpqxx error ("42501" for insufficient_privilege). */
std::string stateOf(const pqxx::sql_error& e);

/** A SQL string literal (quotes doubled). */
std::string literal(const std::string& value);

constexpr const char* kInsufficientPrivilege = "42501";

} // namespace art32::test
