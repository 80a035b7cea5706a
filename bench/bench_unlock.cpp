// Unlock: from submitting a TOTP code to the main window on screen (server check, keychain read of the
// private key, KEK opened in guarded memory, server info, window built and shown), against the peer of
// DESIGN.md §8: `psql` connecting and running one query. Offscreen widgets, the harness's PostgreSQL and
// Secret Service. Run by bench/run.
#include "BenchSupport.h"
#include "TestSupport.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Session.h"
#include "store/Profile.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <algorithm>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (!art32::test::servicesAvailable()) {
        QTextStream(stderr) << "bench_unlock: run through bench/run (needs the harness's services)\n";
        return 2;
    }
    const int runs
        = qEnvironmentVariableIntValue("ART32_BENCH_RUNS") > 0 ? qEnvironmentVariableIntValue("ART32_BENCH_RUNS") : 15;
    const QString db = QStringLiteral("bench_unlock");
    art32::test::freshDatabase(db);
    art32::test::migrate(db);
    art32::Keychain keychain(QStringLiteral("Art32 Console bench"));
    const auto cto = art32::test::enrolledAdmin(db, QStringLiteral("bench_cto"), QStringLiteral("cto"), keychain);
    qint64 offset = 60;
    art32::test::setServerClockOffset(db, offset);
    art32::test::initialiseKeys(cto, keychain, {}, offset);

    QTemporaryDir dir;
    art32::ProfileStore profiles(dir.filePath(QStringLiteral("profiles.ini")));
    profiles.save(cto.profile);
    art32::Settings settings(dir.filePath(QStringLiteral("settings.ini")));

    std::vector<double> unlockMs, peerMs;
    for (int i = 0; i < runs; ++i) {
        art32::ui::Console console(&settings, &profiles, &keychain, art32::Clock::system());
        console.start(cto.profile.name);
        if (!waitUntil([&] { return console.session()->state() == art32::Session::State::Locked; })) {
            QTextStream(stderr) << "never reached the code prompt\n";
            return 1;
        }
        offset += 60; // a fresh TOTP period, so no code is a replay
        art32::test::setServerClockOffset(db, offset);
        const QString code = art32::test::codeFor(cto, offset);
        QElapsedTimer t;
        t.start();
        console.session()->unlock(code);
        if (!waitUntil([&] { return console.mainWindow() && console.mainWindow()->isVisible(); })) {
            QTextStream(stderr) << "unlock did not reach the main window: " << console.session()->lastError().message
                                << console.session()->lastOutcome().message() << '\n';
            return 1;
        }
        unlockMs.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);

        QElapsedTimer p;
        p.start();
        QProcess psql;
        const art32::Profile su = art32::test::superuserProfile(db);
        psql.start(qEnvironmentVariable("ART32_PG_BINDIR") + QStringLiteral("/psql"),
                   { QStringLiteral("-X"), QStringLiteral("-At"), QStringLiteral("-h"), su.host, QStringLiteral("-p"),
                     su.port, QStringLiteral("-U"), su.user, QStringLiteral("-d"), db, QStringLiteral("-c"),
                     QStringLiteral("SELECT 1") });
        psql.waitForFinished();
        peerMs.push_back(static_cast<double>(p.nsecsElapsed()) / 1e6);
    }
    keychain.removeNow(cto.profile.passwordKey());
    keychain.removeNow(cto.profile.privateKeyKey());

    const double u = median(unlockMs), q = median(peerMs);
    out << QStringLiteral("unlock: code -> main window    median %1 ms (min %2, max %3)\n")
               .arg(u, 0, 'f', 1)
               .arg(*std::min_element(unlockMs.begin(), unlockMs.end()), 0, 'f', 1)
               .arg(*std::max_element(unlockMs.begin(), unlockMs.end()), 0, 'f', 1);
    out << QStringLiteral("psql connect + one query       median %1 ms\n").arg(q, 0, 'f', 1);
    out << QStringLiteral("ratio unlock/psql              %1x   (target <= 3x)\n").arg(u / q, 0, 'f', 2);
    out << QStringLiteral("runs %1\n").arg(runs);
    return 0;
}
