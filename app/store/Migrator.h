#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

namespace pqxx {
class connection_base;
}

namespace art32 {

struct Migration
{
    int version = 0;
    QString name;
    QByteArray sql;
    QString checksum; ///< SHA-256 of the file, hex

    QString label() const { return QStringLiteral("%1_%2").arg(version, 4, 10, QLatin1Char('0')).arg(name); }
};

struct SchemaStatus
{
    int current = 0; ///< highest version applied in the database (0 = none)
    int latest = 0; ///< highest version this program knows
    QList<int> pending; ///< known versions not applied yet, ascending
    QList<int> modified; ///< applied versions whose file changed since (checksum mismatch)
    bool databaseNewer() const { return current > latest; }
};

/**
 * Applies the numbered SQL files (NNNN_name.sql) of a folder, by default the ones embedded in the
 * program (:/sql/migrations). Each runs in its own transaction together with its row in
 * art32.schema_migrations, under a lock of that table (SHARE ROW EXCLUSIVE: only its owner and superusers may take
 * it, unlike an advisory lock, which any login may take) so two migrators never interleave. Refuses to touch a
 * database whose schema is newer than the program.
 */
class Migrator
{
public:
    explicit Migrator(QString folder = QStringLiteral(":/sql/migrations"));

    Result<QList<Migration>> available() const;
    Result<SchemaStatus> status(pqxx::connection_base& conn) const;
    /** Applies every pending migration in order; progress(done, total, migration) after each. */
    Result<SchemaStatus> migrate(pqxx::connection_base& conn,
                                 const std::function<void(int, int, const Migration&)>& progress = {}) const;

private:
    QString m_folder;
};

} // namespace art32
