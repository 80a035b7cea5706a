#include "StanzaSupport.h"

#include "core/Process.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <unistd.h>

namespace art32::test {

TestStanza::TestStanza(QString stanza, int port)
    : m_stanza(std::move(stanza))
    , m_port(port)
{
    const QString base = qEnvironmentVariableIsSet("ART32_TEST_WORKDIR") ? qEnvironmentVariable("ART32_TEST_WORKDIR")
                                                                         : QDir::tempPath();
    m_root = QDir(base).filePath(QStringLiteral("pgbr-%1-%2").arg(m_stanza).arg(QCoreApplication::applicationPid()));
    if (geteuid() == 0)
        m_launcher = QStringList { QStringLiteral("runuser"), QStringLiteral("-u"), QStringLiteral("postgres"),
                                   QStringLiteral("--") };
}

TestStanza::~TestStanza()
{
    stop();
}

QString TestStanza::pgBinDir() const
{
    return qEnvironmentVariableIsSet("ART32_PG_BINDIR") ? qEnvironmentVariable("ART32_PG_BINDIR")
                                                        : QStringLiteral("/usr/lib/postgresql/15/bin");
}

QString TestStanza::run(const QStringList& command) const
{
    const QStringList full = m_launcher + command;
    auto out = runProcess(full.first(), full.mid(1), QStringLiteral("/"), 180000);
    if (!out)
        return out.error().message;
    if (out->exitCode != 0)
        return QStringLiteral("%1 failed (%2): %3 %4")
            .arg(command.join(QLatin1Char(' ')))
            .arg(out->exitCode)
            .arg(out->stdOut.right(800), out->stdErr.right(800));
    return QString();
}

QString TestStanza::start()
{
    QDir().mkpath(m_root);
    QFile::setPermissions(m_root,
                          QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner
                              | QFileDevice::ReadGroup | QFileDevice::ExeGroup | QFileDevice::ReadOther
                              | QFileDevice::ExeOther);
    const QString config = QDir(m_root).filePath(QStringLiteral("pgbackrest.conf"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QStringLiteral("cannot write %1").arg(config);
    // Small and fast: no compression, start-fast (an immediate checkpoint), a file log off.
    file.write(QStringLiteral("[global]\nrepo1-path=%1/repo\nlog-path=%1/log\nlock-path=%1/lock\nspool-path=%1/spool\n"
                              "log-level-file=off\nstart-fast=y\ncompress-type=none\nrepo1-retention-full=4\n\n"
                              "[%2]\npg1-path=%1/pgdata\npg1-socket-path=%1\npg1-port=%3\npg1-user=art32_test\n")
                   .arg(m_root, m_stanza)
                   .arg(m_port)
                   .toUtf8());
    file.close();
    if (!m_launcher.isEmpty()) {
        if (auto out
            = runProcess(QStringLiteral("chown"), { QStringLiteral("-R"), QStringLiteral("postgres:"), m_root });
            !out || out->exitCode != 0)
            return QStringLiteral("chown failed");
    }
    const QString data = QDir(m_root).filePath(QStringLiteral("pgdata"));
    if (QString e = run({ pgBinDir() + QStringLiteral("/initdb"), QStringLiteral("-D"), data, QStringLiteral("-U"),
                          superuserName(), QStringLiteral("--auth-local=trust"), QStringLiteral("--auth-host=reject"),
                          QStringLiteral("-E"), QStringLiteral("UTF8"), QStringLiteral("--locale=C"),
                          QStringLiteral("--no-instructions") });
        !e.isEmpty())
        return e;
    const QString options = QStringLiteral("-c listen_addresses= -c unix_socket_directories=%1 -p %2 -c fsync=off "
                                           "-c full_page_writes=off -c wal_level=replica -c archive_mode=on "
                                           "-c \"archive_command=pgbackrest --config=%3 --stanza=%4 archive-push %p\"")
                                .arg(m_root)
                                .arg(m_port)
                                .arg(config, m_stanza);
    if (QString e = run({ pgBinDir() + QStringLiteral("/pg_ctl"), QStringLiteral("start"), QStringLiteral("-w"),
                          QStringLiteral("-s"), QStringLiteral("-D"), data, QStringLiteral("-l"),
                          QDir(m_root).filePath(QStringLiteral("postgresql.log")), QStringLiteral("-o"), options });
        !e.isEmpty())
        return e;
    m_started = true;
    if (QString e = run({ QStringLiteral("pgbackrest"), QStringLiteral("--config=") + config,
                          QStringLiteral("--stanza=") + m_stanza, QStringLiteral("--log-level-console=error"),
                          QStringLiteral("stanza-create") });
        !e.isEmpty())
        return e;
    QDir().mkpath(scratchParent());
    if (!m_launcher.isEmpty())
        runProcess(QStringLiteral("chown"), { QStringLiteral("postgres:"), scratchParent() });
    return QString();
}

void TestStanza::stop()
{
    if (m_started) {
        run({ pgBinDir() + QStringLiteral("/pg_ctl"), QStringLiteral("stop"), QStringLiteral("-D"),
              QDir(m_root).filePath(QStringLiteral("pgdata")), QStringLiteral("-m"), QStringLiteral("immediate"),
              QStringLiteral("-w"), QStringLiteral("-s") });
        m_started = false;
    }
    if (QFileInfo::exists(m_root))
        QDir(m_root).removeRecursively();
}

pgbackrest::Target TestStanza::target() const
{
    pgbackrest::Target t;
    t.stanza = m_stanza;
    t.configPath = QDir(m_root).filePath(QStringLiteral("pgbackrest.conf"));
    t.launcher = m_launcher;
    return t;
}

Profile TestStanza::superuser(const QString& database) const
{
    Profile p;
    p.name = QStringLiteral("test-stanza");
    p.host = m_root;
    p.port = QString::number(m_port);
    p.user = superuserName();
    p.database = database;
    return p;
}

QString TestStanza::scratchParent() const
{
    return QDir(m_root).filePath(QStringLiteral("scratch"));
}

void TestStanza::exec(const std::string& sql, const QString& database) const
{
    pqxx::connection conn(superuser(database).connectionString());
    pqxx::nontransaction tx(conn);
    tx.exec(sql);
}

} // namespace art32::test
