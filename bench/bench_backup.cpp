// Benchmarks of the native backups (DESIGN.md §8), each printed as a ratio against its peer measured in the same
// run, on a database seeded through the real envelope code (throwaway keys: a backup never opens a ciphertext):
//   1. backup run      vs plain `pg_dump -Fc` to a file, at its default level    (<= 1.15x its time)
//                      and `pg_dump -Fc -Z0 | zstd -1` (the run's own work done by tools, informational: what the
//                      encryption and the table checksums cost)
//                      vs `pg_dump -Fc | gpg --symmetric --batch --passphrase-file` (when gpg exists)  (>= 2x faster)
//      and the options weighed for the choice of level (i13-ledger), each timed in the same run: pg_dump -Fc at
//      -Z0, -Z1 and its default, and -Z0 piped through zstd -1 and lz4 (stand-ins for an in-process codec).
//   2. backup verify   vs `pg_restore` of the plain `pg_dump -Fc` file into a scratch database (create, restore,
//                      drop)   (<= 1.2x), and vs `zstd -dc | pg_restore` of the tools' file (informational)
// N = ART32_BENCH_BACKUP_ACCOUNTS, else ART32_BENCH_ACCOUNTS (default 1,000,000). Each timing is the best of
// ART32_BENCH_REPEAT runs (default 2), ours and the peer's alternating. Run by bench/run under the test harness.
#include "TestSupport.h"
#include "backup/Native.h"
#include "core/Process.h"
#include "crypto/Keys.h"
#include "demo/DemoCluster.h"
#include "records/Seeder.h"
#include "store/Database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextStream>
#include <algorithm>
#include <pqxx/nontransaction>

using namespace art32;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

double ms(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void ratio(const QString& what, double ours, double peer, const QString& target)
{
    out() << QStringLiteral("%1: %2 ms vs %3 ms -> %4x   (target %5)\n")
                 .arg(what)
                 .arg(ours, 0, 'f', 1)
                 .arg(peer, 0, 'f', 1)
                 .arg(ours / peer, 0, 'f', 3)
                 .arg(target);
    out().flush();
}

/** Runs a shell command line to its end; its time in ms, or -1 on failure (printed). */
double timedShell(const QString& line)
{
    QElapsedTimer t;
    t.start();
    auto r = runProcess(QStringLiteral("/bin/bash"),
                        { QStringLiteral("-c"), QStringLiteral("set -o pipefail; ") + line }, QString(), 3600 * 1000);
    const double elapsed = ms(t);
    if (!r || r->exitCode != 0) {
        out() << "failed: " << line << ": " << (r ? r->stdErr : r.error().message) << "\n";
        return -1;
    }
    return elapsed;
}

QString q(const QString& s)
{
    QString v = s;
    v.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + v + QLatin1Char('\'');
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    if (!test::servicesAvailable()) {
        QTextStream(stderr) << "bench_backup: run through bench/run (needs the harness's services)\n";
        return 2;
    }
    const qint64 n = qEnvironmentVariableIntValue("ART32_BENCH_BACKUP_ACCOUNTS") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_BACKUP_ACCOUNTS")
        : qEnvironmentVariableIntValue("ART32_BENCH_ACCOUNTS") > 0
        ? qEnvironmentVariableIntValue("ART32_BENCH_ACCOUNTS")
        : 1000000;
    const int repeat = std::max(1,
                                qEnvironmentVariableIntValue("ART32_BENCH_REPEAT") > 0
                                    ? qEnvironmentVariableIntValue("ART32_BENCH_REPEAT")
                                    : 2);
    const QString dbName = QStringLiteral("bench_backup");
    test::freshDatabase(dbName);
    test::migrate(dbName);
    test::superuserExec(dbName, "INSERT INTO art32.key_versions (kind, version) VALUES ('kek', 1), ('index', 1)");
    {
        QElapsedTimer t;
        t.start();
        pqxx::connection super(test::superuserProfile(dbName).connectionString());
        const SecureBytes kek = keys::randomKey();
        const SecureBytes index = keys::randomKey();
        auto seeded = Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, n, 42);
        if (!seeded) {
            out() << "seeding failed: " << seeded.error().message << "\n";
            return 1;
        }
        pqxx::nontransaction(super).exec("VACUUM ANALYZE");
        out() << QStringLiteral("seeded %1 accounts in %2 s; database size %3 MB\n")
                     .arg(n)
                     .arg(ms(t) / 1000.0, 0, 'f', 1)
                     .arg(test::superuserCount(dbName, "SELECT pg_database_size(current_database())") / 1000000);
        out().flush();
    }

    QTemporaryDir dir;
    backup::Target target;
    target.pgBinDir = DemoCluster::serverBinaries().value();
    target.backupDir = dir.filePath(QStringLiteral("ours"));
    target.connection = test::superuserProfile(dbName);
    Database db(target.connection);
    if (!db.openWithoutPassword())
        return 1;
    const SecureBytes key = backup::generateKey();
    const QString conn = QString::fromStdString(target.connection.connectionString());
    const QString pgDump = QDir(target.pgBinDir).filePath(QStringLiteral("pg_dump"));
    const QString pgRestore = QDir(target.pgBinDir).filePath(QStringLiteral("pg_restore"));
    const QString plainFile = dir.filePath(QStringLiteral("plain.dump"));
    const QString gpgFile = dir.filePath(QStringLiteral("dump.gpg"));
    const QString pass = dir.filePath(QStringLiteral("pass"));
    {
        QFile f(pass);
        f.open(QIODevice::WriteOnly);
        f.write("bench passphrase\n");
    }
    const bool gpg = QFileInfo::exists(QStringLiteral("/usr/bin/gpg"));

    // 1. backup run vs pg_dump -Fc (and vs pg_dump | gpg --symmetric).
    double ours = 1e300, plain = 1e300, viaGpg = 1e300, sameLevel = 1e300;
    const QString sameFile = dir.filePath(QStringLiteral("same.dump"));
    const bool zstdTool = QFileInfo::exists(QStringLiteral("/usr/bin/zstd"));
    QString lastFile;
    qint64 ourSize = 0;
    for (int i = 0; i < repeat; ++i) {
        QDir(target.backupDir).removeRecursively();
        QElapsedTimer t;
        t.start();
        auto r = backup::run(db, target, key);
        if (!r) {
            out() << "backup run failed: " << r.error().message << "\n";
            return 1;
        }
        ours = std::min(ours, ms(t));
        lastFile = r->file;
        ourSize = r->sizeBytes;
        QFile::remove(plainFile);
        const double p = timedShell(q(pgDump) + QStringLiteral(" --format=custom --no-password --file ") + q(plainFile)
                                    + QStringLiteral(" --dbname ") + q(conn));
        if (p > 0)
            plain = std::min(plain, p);
        QFile::remove(sameFile);
        const double same = zstdTool
            ? timedShell(q(pgDump) + QStringLiteral(" --format=custom --compress=0 --no-password --dbname ") + q(conn)
                         + QStringLiteral(" | zstd -1 -q -c > ") + q(sameFile))
            : -1;
        if (same > 0)
            sameLevel = std::min(sameLevel, same);
        if (gpg) {
            QFile::remove(gpgFile);
            const double g = timedShell(q(pgDump) + QStringLiteral(" --format=custom --no-password --dbname ") + q(conn)
                                        + QStringLiteral(" | gpg --symmetric --batch --passphrase-file ") + q(pass)
                                        + QStringLiteral(" --yes --quiet --pinentry-mode loopback -o ") + q(gpgFile));
            if (g > 0)
                viaGpg = std::min(viaGpg, g);
        }
    }
    out() << QStringLiteral("backup file %1 MB, plain dump %2 MB\n")
                 .arg(ourSize / 1000000)
                 .arg(QFileInfo(plainFile).size() / 1000000);
    ratio(QStringLiteral("backup run vs pg_dump -Fc to a file (its default level)"), ours, plain,
          QStringLiteral("<= 1.15x"));
    if (zstdTool)
        ratio(QStringLiteral("backup run vs pg_dump -Fc -Z0 | zstd -1 to a file (the same codec)"), ours, sameLevel,
              QStringLiteral("informational: what the encryption and the checksums cost"));
    if (gpg)
        ratio(QStringLiteral("pg_dump -Fc | gpg --symmetric vs backup run (speed-up)"), viaGpg, ours,
              QStringLiteral(">= 2x"));
    else
        out() << "gpg not installed: the gpg peer is skipped\n";
    // pg_dump's own time bounds both from below: what each adds to it says what the encryption costs.
    if (gpg && plain > 0)
        ratio(QStringLiteral("encryption overhead: gpg's over pg_dump vs ours over pg_dump"), viaGpg - plain,
              ours - plain, QStringLiteral("informational"));

    // The options weighed for the level (informational, once each, best of the repeats): pg_dump's zlib levels,
    // and a faster codec over an uncompressed dump (zstd -1, lz4: what compressing in-process would cost at best).
    {
        struct Choice
        {
            QString name;
            QString pipe; ///< after pg_dump's output
            QString level;
        };
        const QString sink = dir.filePath(QStringLiteral("option.out"));
        QList<Choice> choices { { QStringLiteral("pg_dump -Fc -Z0"), QString(), QStringLiteral("0") },
                                { QStringLiteral("pg_dump -Fc -Z1"), QString(), QStringLiteral("1") },
                                { QStringLiteral("pg_dump -Fc (default)"), QString(), QString() } };
        if (QFileInfo::exists(QStringLiteral("/usr/bin/zstd")))
            choices.append({ QStringLiteral("pg_dump -Fc -Z0 | zstd -1"), QStringLiteral(" | zstd -1 -q -c"),
                             QStringLiteral("0") });
        if (QFileInfo::exists(QStringLiteral("/usr/bin/lz4")))
            choices.append(
                { QStringLiteral("pg_dump -Fc -Z0 | lz4"), QStringLiteral(" | lz4 -q -c"), QStringLiteral("0") });
        for (const Choice& c : choices) {
            double best = 1e300;
            for (int i = 0; i < repeat; ++i) {
                QFile::remove(sink);
                const double t = timedShell(
                    q(pgDump) + QStringLiteral(" --format=custom --no-password ")
                    + (c.level.isEmpty() ? QString() : QStringLiteral("--compress=") + c.level + QLatin1Char(' '))
                    + QStringLiteral("--dbname ") + q(conn) + c.pipe + QStringLiteral(" > ") + q(sink));
                if (t > 0)
                    best = std::min(best, t);
            }
            out() << QStringLiteral("option %1: %2 ms, %3 MB (%4x pg_dump -Fc default)\n")
                         .arg(c.name, -28)
                         .arg(best, 0, 'f', 1)
                         .arg(QFileInfo(sink).size() / 1000000)
                         .arg(best / plain, 0, 'f', 3);
            out().flush();
        }
        QFile::remove(sink);
    }

    // 2. backup verify vs pg_restore into a scratch database.
    double verify = 1e300, restore = 1e300, restoreSame = 1e300, restoreOnly = 1e300;
    const QString createdb = QDir(target.pgBinDir).filePath(QStringLiteral("createdb"));
    const QString dropdb = QDir(target.pgBinDir).filePath(QStringLiteral("dropdb"));
    Profile scratch = target.connection;
    scratch.database = QStringLiteral("bench_backup_peer");
    for (int i = 0; i < repeat; ++i) {
        backup::RestoreOptions o;
        o.mode = backup::Mode::Verify;
        QElapsedTimer t;
        t.start();
        auto v = backup::restore(db, target, lastFile, key, o);
        if (!v) {
            out() << "backup verify failed: " << v.error().message << "\n";
            return 1;
        }
        verify = std::min(verify, ms(t));
        restoreOnly = std::min(restoreOnly, v->restoreSeconds * 1000.0);
        const QString base = QStringLiteral(" --no-password --host ") + q(target.connection.host)
            + QStringLiteral(" --port ") + q(target.connection.port) + QStringLiteral(" --username ")
            + q(target.connection.user) + QLatin1Char(' ');
        const double p
            = timedShell(q(createdb) + base + QStringLiteral("--template template0 bench_backup_peer && ")
                         + q(pgRestore) + QStringLiteral(" --exit-on-error --no-password --dbname ")
                         + q(QString::fromStdString(scratch.connectionString())) + QLatin1Char(' ') + q(plainFile)
                         + QStringLiteral(" && ") + q(dropdb) + base + QStringLiteral("--force bench_backup_peer"));
        if (p > 0)
            restore = std::min(restore, p);
        else
            timedShell(q(dropdb) + base + QStringLiteral("--if-exists --force bench_backup_peer"));
        if (zstdTool) {
            const double z = timedShell(q(createdb) + base
                                        + QStringLiteral("--template template0 bench_backup_peer && zstd -dc -q ")
                                        + q(sameFile) + QStringLiteral(" | ") + q(pgRestore)
                                        + QStringLiteral(" --exit-on-error --no-password --dbname ")
                                        + q(QString::fromStdString(scratch.connectionString())) + QStringLiteral(" && ")
                                        + q(dropdb) + base + QStringLiteral("--force bench_backup_peer"));
            if (z > 0)
                restoreSame = std::min(restoreSame, z);
            else
                timedShell(q(dropdb) + base + QStringLiteral("--if-exists --force bench_backup_peer"));
        }
    }
    ratio(QStringLiteral("backup verify vs pg_restore of pg_dump -Fc into a scratch database"), verify, restore,
          QStringLiteral("<= 1.2x"));
    if (zstdTool)
        ratio(QStringLiteral("backup verify vs zstd -dc | pg_restore of the tools' file"), verify, restoreSame,
              QStringLiteral("informational"));
    out() << QStringLiteral("verify's own parts: decrypt + restore %1 ms, then the checksums and the rest %2 ms\n")
                 .arg(restoreOnly, 0, 'f', 1)
                 .arg(verify - restoreOnly, 0, 'f', 1);
    return 0;
}
