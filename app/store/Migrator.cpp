#include "store/Migrator.h"

#include "core/Logging.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>
#include <map>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/subtransaction>
#include <pqxx/transaction>

namespace art32 {
namespace {

// The bookkeeping table is created outside the numbered files so that status() works on any database.
const char* const kBootstrapSql = R"sql(
CREATE SCHEMA IF NOT EXISTS art32;
CREATE TABLE IF NOT EXISTS art32.schema_migrations (
    version    integer PRIMARY KEY,
    name       text        NOT NULL,
    checksum   text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    applied_by name        NOT NULL DEFAULT session_user
);
)sql";

// Serialises migrators: a lock of the bookkeeping table that only its owner (the migrating login until 0001 hands the
// table to art32_owner, art32_owner after) and superusers may take. Not an advisory lock: any login may take any
// advisory lock, so an admin's password was enough to stall every migration. LOCK TABLE in any mode but ACCESS SHARE
// needs UPDATE, DELETE or TRUNCATE on the table, which no console role has; SHARE ROW EXCLUSIVE conflicts with itself
// but not with readers (ACCESS SHARE: the console's schema check, status() here), so reading never stalls a migrator.
const char* const kMigrationLockSql = "LOCK TABLE art32.schema_migrations IN SHARE ROW EXCLUSIVE MODE";

// A migration's own statements wait this long for a lock, then fail naming who holds it (review 18). Any login that
// may SELECT a table (every admin login, locked or not) can hold ACCESS SHARE on it in an open transaction; an
// ALTER TABLE waiting behind it without a limit stalled the migration for as long as the holder liked, and queued
// every other session's use of that table behind the ALTER. The wait for another migrator (above) stays unlimited:
// only the owner and superusers can hold that lock.
constexpr int kStatementLockSeconds = 5;

/** Who holds a lock on an art32 relation, other than this session: "login (pid N, state, since T)", oldest first. */
QString lockHolders(pqxx::connection_base& conn)
{
    QStringList who;
    try {
        pqxx::nontransaction tx(conn);
        const pqxx::result r = tx.exec(
            "SELECT a.usename, a.pid, a.state, coalesce(to_char(a.xact_start AT TIME ZONE 'UTC', "
            "'YYYY-MM-DD HH24:MI:SS UTC'), '') FROM pg_catalog.pg_stat_activity a "
            "WHERE a.pid <> pg_catalog.pg_backend_pid() AND a.pid IN (SELECT l.pid FROM pg_catalog.pg_locks l "
            "JOIN pg_catalog.pg_class c ON c.oid = l.relation JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
            "WHERE l.granted AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d "
            "WHERE d.datname = pg_catalog.current_database()) AND n.nspname = 'art32') "
            "ORDER BY a.xact_start NULLS LAST LIMIT 5");
        for (const auto& row : r)
            who << QStringLiteral("%1 (pid %2, %3, since %4)")
                       .arg(QString::fromStdString(row[0].c_str()), QString::fromStdString(row[1].c_str()),
                            QString::fromStdString(row[2].c_str()), QString::fromStdString(row[3].c_str()));
    } catch (const std::exception&) {
        // Naming the holders is a courtesy: the migration failed either way.
    }
    return who.join(QStringLiteral(", "));
}

/**
 * The very first migrators of a database race to create the schema and its bookkeeping table: the loser waits on
 * the catalog's unique index until the winner commits, then fails with one of these (IF NOT EXISTS checked before
 * the winner committed). Its transaction is retried: by then the table exists and its lock serialises them.
 */
bool lostTheBootstrapRace(const std::exception& e)
{
    const std::string state = Database::sqlstate(e);
    return state == "23505" || state == "42P06" || state == "42P07";
}

std::map<int, QString> appliedVersions(pqxx::transaction_base& tx)
{
    std::map<int, QString> applied;
    const pqxx::result exists = tx.exec_params("SELECT to_regclass($1) IS NOT NULL", "art32.schema_migrations");
    if (!exists[0][0].as<bool>())
        return applied;
    for (const auto& row : tx.exec("SELECT version, checksum FROM art32.schema_migrations"))
        applied[row[0].as<int>()] = QString::fromStdString(row[1].as<std::string>());
    return applied;
}

SchemaStatus compare(const QList<Migration>& known, const std::map<int, QString>& applied)
{
    SchemaStatus s;
    s.current = applied.empty() ? 0 : applied.rbegin()->first;
    for (const Migration& m : known) {
        s.latest = std::max(s.latest, m.version);
        const auto it = applied.find(m.version);
        if (it == applied.end())
            s.pending.append(m.version);
        else if (it->second != m.checksum)
            s.modified.append(m.version);
    }
    return s;
}

Error newerError(const SchemaStatus& s)
{
    return { QStringLiteral("migrate.newer"),
             QCoreApplication::translate(
                 "art32::Migrator",
                 "The database schema is at version %1, newer than this program knows (%2). Update Art32 Console "
                 "before using this database.")
                 .arg(s.current)
                 .arg(s.latest) };
}

} // namespace

Migrator::Migrator(QString folder)
    : m_folder(std::move(folder))
{ }

Result<QList<Migration>> Migrator::available() const
{
    static const QRegularExpression fileRe(QStringLiteral("^(\\d{4})_([a-z0-9_]+)\\.sql$"));
    QDir dir(m_folder);
    if (!dir.exists())
        return Error {
            QStringLiteral("migrate.folder"),
            QCoreApplication::translate("art32::Migrator", "The migrations folder %1 does not exist.").arg(m_folder)
        };
    QList<Migration> list;
    const QStringList files = dir.entryList({ QStringLiteral("*.sql") }, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const auto match = fileRe.match(file);
        if (!match.hasMatch())
            return Error { QStringLiteral("migrate.name"),
                           QCoreApplication::translate("art32::Migrator",
                                                       "The migration file %1 is not named NNNN_name.sql.")
                               .arg(file) };
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            return Error {
                QStringLiteral("migrate.read"),
                QCoreApplication::translate("art32::Migrator", "Could not read the migration %1.").arg(file)
            };
        Migration m;
        m.version = match.captured(1).toInt();
        m.name = match.captured(2);
        m.sql = f.readAll();
        m.checksum = QString::fromLatin1(QCryptographicHash::hash(m.sql, QCryptographicHash::Sha256).toHex());
        if (!list.isEmpty() && list.last().version == m.version)
            return Error { QStringLiteral("migrate.duplicate"),
                           QCoreApplication::translate("art32::Migrator", "Two migration files have the version %1.")
                               .arg(m.version) };
        list.append(m);
    }
    return list;
}

Result<SchemaStatus> Migrator::status(pqxx::connection_base& conn) const
{
    auto known = available();
    if (!known)
        return known.error();
    try {
        pqxx::read_transaction tx(conn);
        return compare(known.value(), appliedVersions(tx));
    } catch (const std::exception& e) {
        return Database::describe(e);
    }
}

Result<SchemaStatus> Migrator::migrate(pqxx::connection_base& conn,
                                       const std::function<void(int, int, const Migration&)>& progress) const
{
    auto known = available();
    if (!known)
        return known.error();

    int done = 0;
    int bootstrapRetries = 0;
    for (const Migration& m : known.value()) {
        try {
            pqxx::work tx(conn);
            for (;;) {
                try {
                    pqxx::subtransaction bootstrap(tx, "bootstrap");
                    bootstrap.exec(kBootstrapSql);
                    bootstrap.commit();
                    break;
                } catch (const pqxx::sql_error& e) {
                    // READ COMMITTED: the retried statement sees what the winner committed.
                    if (!lostTheBootstrapRace(e) || ++bootstrapRetries > 3)
                        throw;
                    qCInfo(lcMigrate) << "another migrator created the bookkeeping table first; retrying";
                }
            }
            tx.exec(kMigrationLockSql);
            const auto applied = appliedVersions(tx);
            const SchemaStatus s = compare(known.value(), applied);
            if (s.databaseNewer())
                return newerError(s);
            if (applied.count(m.version))
                continue; // applied earlier, or by a concurrent migrator while we waited for the lock
            const int total = static_cast<int>(s.pending.size()) + done;
            qCInfo(lcMigrate) << "applying" << m.label();
            tx.exec("SET LOCAL lock_timeout = '" + std::to_string(kStatementLockSeconds) + "s'");
            tx.exec(m.sql.toStdString());
            tx.exec_params("INSERT INTO art32.schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                           m.version, m.name.toStdString(), m.checksum.toStdString());
            tx.commit();
            ++done;
            if (progress)
                progress(done, total, m);
        } catch (const std::exception& e) {
            if (Database::sqlstate(e) == "55P03") {
                const QString holders = lockHolders(conn);
                return Error { QStringLiteral("migrate.locked"),
                               QCoreApplication::translate(
                                   "art32::Migrator",
                                   "Migration %1 waited more than %2 seconds for a lock that other sessions hold "
                                   "and was rolled back. Sessions holding locks on the schema: %3. End them "
                                   "(pg_terminate_backend) or let them finish, then migrate again.")
                                   .arg(m.label())
                                   .arg(kStatementLockSeconds)
                                   .arg(holders.isEmpty() ? QStringLiteral("-") : holders) };
            }
            Error err = Database::describe(e);
            err.code = QStringLiteral("migrate.failed");
            err.message = QCoreApplication::translate("art32::Migrator", "Migration %1 failed and was rolled back: %2")
                              .arg(m.label(), err.message);
            return err;
        }
    }
    // A database newer than every file is refused even when nothing was pending.
    auto s = status(conn);
    if (s && s->databaseNewer())
        return newerError(s.value());
    return s;
}

} // namespace art32
