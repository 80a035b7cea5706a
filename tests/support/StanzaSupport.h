#pragma once

#include "backup/PgBackRest.h"
#include "store/Profile.h"

#include <QString>
#include <QStringList>

namespace art32::test {

/**
 * A small PostgreSQL cluster of a test's own, archiving its WAL into a local pgBackRest repository, with the stanza
 * created: what a real pgBackRest needs (archive_command, wal_level) without changing the harness's cluster. Runs as
 * the unprivileged `postgres` user when the test runs as root (initdb refuses root; pgBackRest must read the data
 * directory). Everything lives in one directory under the harness's work directory, removed by stop().
 */
class TestStanza
{
public:
    explicit TestStanza(QString stanza = QStringLiteral("main"), int port = 55433);
    ~TestStanza();
    TestStanza(const TestStanza&) = delete;
    TestStanza& operator=(const TestStanza&) = delete;

    /** initdb, start with archiving, stanza-create. An empty string on success, else what failed. */
    QString start();
    void stop();

    /** How to run pgBackRest for this stanza (with the launcher to the server's user when root). */
    pgbackrest::Target target() const;
    /** The cluster's superuser over its socket (trust), for libpqxx. */
    Profile superuser(const QString& database = QStringLiteral("postgres")) const;
    /** A folder the server's user may write to, for scratch copies. */
    QString scratchParent() const;
    QString superuserName() const { return QStringLiteral("art32_test"); }
    QString pgBinDir() const;
    QString root() const { return m_root; }
    /** Runs SQL (no parameters) as the superuser. */
    void exec(const std::string& sql, const QString& database = QStringLiteral("postgres")) const;

private:
    QString run(const QStringList& command) const; ///< through the launcher; empty or what failed
    QString m_stanza;
    int m_port;
    QString m_root;
    QStringList m_launcher;
    bool m_started = false;
};

} // namespace art32::test
