#include "StanzaSupport.h"
#include "TestSupport.h"
#include "auth/KeyRing.h"
#include "backup/Catalogue.h"
#include "backups/BackupsView.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/TimeFormat.h"
#include "core/Translations.h"
#include "crypto/Keys.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "records/Seeder.h"
#include "session/Session.h"
#include "store/Migrator.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Icons.h"

#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction>

using namespace art32;
using art32::ui::BackupsView;
using art32::ui::Console;

/**
 * The Backups view offscreen, with real widgets against the harness's PostgreSQL and a real pgBackRest stanza of the
 * test's own: the strip from catalogue rows recorded through the definer functions (missing days shown as missing),
 * the age warning, the empty state, the table, a Run that makes a backup, a Cancel, and a drill.
 */
class TestBackupsGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_backups_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console backups test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;
    test::TestStanza m_stanza { QStringLiteral("main"), 55435 };

    template<typename T> static T* find(QObject* parent, const char* name)
    {
        return parent->findChild<T*>(QLatin1String(name));
    }

    QString nextCode(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return test::codeFor(admin, m_offset);
    }

    void unlockAs(Console& console, const test::TestAdmin& admin)
    {
        QVERIFY(console.start(admin.profile.name));
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        auto* edit = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
        QTRY_VERIFY(edit->isEnabled());
        edit->clear();
        QTest::keyClicks(edit, nextCode(admin));
        QTest::mouseClick(find<QPushButton>(console.unlockDialog(), "unlockButton"), Qt::LeftButton);
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
    }

    /** The Backups view of an unlocked console, shown and loaded once. */
    BackupsView* openBackups(Console& console)
    {
        auto* view = find<BackupsView>(console.mainWindow(), "backupsWidget");
        console.mainWindow()->showView(console.mainWindow()->viewNames().indexOf(QStringLiteral("backupsWidget")));
        QSignalSpy loaded(view, &BackupsView::loaded);
        view->reload();
        if (!loaded.wait(20000))
            qWarning("the Backups view did not load");
        return view;
    }

    static void reloadAndWait(BackupsView* view)
    {
        QSignalSpy loaded(view, &BackupsView::loaded);
        view->reload();
        QVERIFY(loaded.wait(20000));
    }

    QDateTime serverNow()
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        auto snapshot = backup::catalogue::read(c);
        return snapshot.value().serverNow;
    }

    /** A pgBackRest set recorded through art32.backup_import, started this long before the server's now. */
    qint64 imported(const QString& label, qint64 secondsAgo, bool ok, qint64 size)
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        backup::BackupEntry e;
        e.backend = backup::Backend::PgBackRest;
        e.label = label;
        e.started = serverNow().addSecs(-secondsAgo);
        e.finished = e.started.addSecs(60);
        e.sizeBytes = size;
        e.serverVersion = QStringLiteral("15");
        e.state = ok ? backup::BackupState::Complete : backup::BackupState::Failed;
        if (!ok)
            e.error = QStringLiteral("pgBackRest flagged errors");
        auto id = backup::catalogue::import(c, e);
        return id ? id.value() : -1;
    }

    /** The strip's index (0 oldest … 29 today) of an instant, in the working calendar's zone. */
    int stripIndex(const QDateTime& at)
    {
        const QTimeZone zone(QByteArrayLiteral("Europe/Amsterdam"));
        const int back = int(at.toTimeZone(zone).date().daysTo(serverNow().toTimeZone(zone).date()));
        return 29 - back;
    }

    static QString word(BackupsView* view, int index)
    {
        auto* cell = view->findChild<QFrame*>(QStringLiteral("stripDay%1").arg(index));
        if (!cell)
            return QStringLiteral("<no cell>");
        return cell->findChild<QLabel*>(QStringLiteral("stripWord"))->text();
    }

    void grab(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("ART32_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        w->window()->resize(1280, 800);
        QTest::qWait(50);
        QVERIFY(w->window()->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_b"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_cto.profile.pgbackrestStanza = QStringLiteral("main");
        m_sys.profile.pgbackrestStanza = QStringLiteral("main");
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
        const QString failed = m_stanza.start();
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_stanza.exec("CREATE TABLE drill_check AS SELECT g AS id FROM generate_series(1, 500) g");
        // The erasure ledger in a drill: the stanza's cluster holds an art32 database with the same accounts as the
        // session's (both seeded fresh, so the ids agree); an account erased in the live database after the backup
        // must be erased again in the drill's copy.
        m_stanza.exec("CREATE DATABASE art32_drill");
        {
            pqxx::connection drill(m_stanza.superuser(QStringLiteral("art32_drill")).connectionString());
            auto migrated = Migrator().migrate(drill);
            QVERIFY2(migrated, qPrintable(migrated.error().message));
            m_stanza.exec("INSERT INTO art32.kek_versions (version) VALUES (1); INSERT INTO art32.key_versions "
                          "(kind, version) VALUES ('kek', 1), ('index', 1)",
                          QStringLiteral("art32_drill"));
            auto seeded = Seeder::seed(drill, Seeder::Keys { keys::randomKey(), 1, keys::randomKey(), 1 }, 10, 3);
            QVERIFY2(seeded, qPrintable(seeded.error().message));
        }
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        KeyRing ring;
        QVERIFY(ring.load(super, m_cto.publicKey, SecureBytes::fromByteArray(priv.secret)));
        wipe(priv.secret);
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 10, 3);
            });
        });
        QVERIFY2(written, qPrintable(written.error().message));
    }

    void cleanupTestCase()
    {
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
        m_stanza.stop();
    }

    void emptyStateSaysWhatToDo()
    {
        Settings settings(m_dir.filePath(QStringLiteral("empty.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        QVERIFY(find<QLabel>(view, "backupsEmptyLabel")->isVisible());
        QCOMPARE(find<QLabel>(view, "backupsEmptyLabel")->text(), QStringLiteral("No backups yet — Run backup now"));
        QVERIFY(find<QPushButton>(view, "emptyRunBackupButton")->isVisible());
        QVERIFY(!find<QTableWidget>(view, "backupsTableWidget")->isVisible());
        // Nothing at all is no OK: every day missing, no good backup, no drill.
        for (int i = 0; i < 30; ++i)
            QCOMPARE(word(view, i), QStringLiteral("Missing"));
        QVERIFY(find<QLabel>(view, "backupAgeLabel")
                    ->text()
                    .startsWith(ui::levelWord(ui::Level::Error) + QStringLiteral(": There is no good backup")));
        QVERIFY(find<QLabel>(view, "backupDrillLabel")
                    ->text()
                    .startsWith(ui::levelWord(ui::Level::Error) + QStringLiteral(": No restore drill")));
        QVERIFY(find<QLabel>(view, "backupRetentionLabel")->text().startsWith(ui::levelWord(ui::Level::Error)));
        QVERIFY(!find<QPushButton>(view, "verifyBackupButton")->isEnabled()); // nothing to verify
        grab(view, QStringLiteral("backups-empty"));
    }

    void auditorReadsButDoesNotRun()
    {
        Settings settings(m_dir.filePath(QStringLiteral("aud.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        BackupsView* view = openBackups(console);
        QVERIFY(console.mainWindow()->viewNames().contains(QStringLiteral("backupsWidget")));
        for (const char* name :
             { "runBackupButton", "verifyBackupButton", "drillBackupButton", "emptyRunBackupButton" })
            QVERIFY2(!find<QPushButton>(view, name)->isVisible(), name);
        QCOMPARE(find<QLabel>(view, "backupsEmptyLabel")->text(),
                 QStringLiteral("No backups yet — a CTO or sysadmin can run one now"));
        view->runBackup(); // refused in the view too (and by the server)
        QVERIFY(!view->isBusy());
    }

    void stripAgeAndTableFromTheCatalogue()
    {
        Settings settings(m_dir.filePath(QStringLiteral("strip.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);

        // Only an old backup, first reported now, 30 hours after it started: unproven (0026). Its day says so in its
        // own word, and it is no good backup.
        const QDateTime now = serverNow();
        const qint64 old = imported(QStringLiteral("20261101-010000F"), 30 * 3600, true, 40 << 20);
        QVERIFY(old > 0);
        reloadAndWait(view);
        QCOMPARE(word(view, stripIndex(now.addSecs(-30 * 3600))), QStringLiteral("Reported late"));
        QVERIFY(!view->summary().lastGood);
        QVERIFY(find<QLabel>(view, "backupAgeLabel")
                    ->text()
                    .startsWith(ui::levelWord(ui::Level::Error) + QStringLiteral(": There is no good backup")));
        // Verified, it is the last good backup: the age warning shows (past 26 hours).
        {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            const auto check = backup::catalogue::checkBegin(c, old, backup::CheckEntry::Kind::Verify);
            QVERIFY(check.ok());
            QVERIFY(backup::catalogue::checkFinish(c, check.value(), true, 0.5, 0, QString()).ok());
        }
        reloadAndWait(view);
        QVERIFY(view->summary().ageWarning);
        QVERIFY2(find<QLabel>(view, "backupAgeLabel")
                     ->text()
                     .startsWith(ui::levelWord(ui::Level::Warning) + QLatin1Char(':')),
                 qPrintable(find<QLabel>(view, "backupAgeLabel")->text()));
        // The words say the rule's number (backup::kMaxAgeHours), in both languages.
        QVERIFY2(find<QLabel>(view, "backupAgeLabel")
                     ->text()
                     .endsWith(QStringLiteral("That is more than %1 hours.").arg(backup::kMaxAgeHours)),
                 qPrintable(find<QLabel>(view, "backupAgeLabel")->text()));
        applyLanguage(QStringLiteral("nl"));
        QTRY_VERIFY2(find<QLabel>(view, "backupAgeLabel")
                         ->text()
                         .endsWith(QStringLiteral("Dat is meer dan %1 uur.").arg(backup::kMaxAgeHours)),
                     qPrintable(find<QLabel>(view, "backupAgeLabel")->text()));
        applyLanguage(QStringLiteral("en"));
        QTRY_VERIFY(find<QLabel>(view, "backupAgeLabel")
                        ->text()
                        .endsWith(QStringLiteral("That is more than %1 hours.").arg(backup::kMaxAgeHours)));
        // Lengths and times as core/TimeFormat shows them: about 30 hours (less the test's clock offset) is "1 day 5 h"
        // or "1 day 6 h", never "30 h 0 min"; with the start's local time.
        QVERIFY2(find<QLabel>(view, "backupAgeLabel")
                     ->text()
                     .contains(QRegularExpression(QStringLiteral("is 1 day [56] h old \\("))),
                 qPrintable(find<QLabel>(view, "backupAgeLabel")->text()));
        QVERIFY(find<QLabel>(view, "backupAgeLabel")
                    ->text()
                    .contains(timefmt::absolute(view->summary().lastGood->started) + QLatin1Char(')')));

        // A recent one, a failed one five days ago, and the recent one verified.
        const qint64 recent = imported(QStringLiteral("20261102-010000F"), 2 * 3600, true, 42 << 20);
        QVERIFY(recent > 0);
        QVERIFY(imported(QStringLiteral("20261103-010000F"), 5 * 86400, false, 1 << 20) > 0);
        {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            const auto check = backup::catalogue::checkBegin(c, recent, backup::CheckEntry::Kind::Verify);
            QVERIFY(check.ok());
            QVERIFY(backup::catalogue::checkFinish(c, check.value(), true, 0.5, 2, QString()).ok());
        }
        reloadAndWait(view);
        QVERIFY(!view->summary().ageWarning);
        QVERIFY(
            find<QLabel>(view, "backupAgeLabel")->text().startsWith(ui::levelWord(ui::Level::Ok) + QLatin1Char(':')));

        QMap<int, QString> expected;
        expected[stripIndex(now.addSecs(-30 * 3600))] = QStringLiteral("Verified");
        expected[stripIndex(now.addSecs(-5 * 86400))] = QStringLiteral("Failed");
        expected[stripIndex(now.addSecs(-2 * 3600))] = QStringLiteral("Verified"); // wins over a Present that day
        for (int i = 0; i < 30; ++i)
            QCOMPARE(word(view, i), expected.value(i, QStringLiteral("Missing")));
        auto* cell = view->findChild<QFrame*>(QStringLiteral("stripDay0"));
        QVERIFY(cell->accessibleName().contains(QLatin1String("Missing")));

        // The table: one row per backup, newest first, with its check.
        auto* table = find<QTableWidget>(view, "backupsTableWidget");
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("pgBackRest"));
        QCOMPARE(table->item(0, 1)->text(), QLocale().formattedDataSize(42 << 20));
        QVERIFY(table->item(0, 4)->text().startsWith(QLatin1String("Yes, ")));
        QCOMPARE(table->item(0, 6)->text(), QStringLiteral("2"));
        QCOMPARE(table->item(0, 0)->text(), timefmt::absolute(view->summary().lastGood->started));
        QCOMPARE(table->item(1, 3)->text(), QStringLiteral("Complete"));
        QVERIFY(table->item(1, 4)->text().startsWith(QLatin1String("Yes, ")));
        QCOMPARE(table->item(2, 3)->text(), QStringLiteral("Failed"));
        grab(view, QStringLiteral("backups-strip"));
    }

    void runCancelAndDrill()
    {
        Settings settings(m_dir.filePath(QStringLiteral("run.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        BackupsView* view = openBackups(console);
        pgbackrest::RestoreOptions options;
        options.scratchParent = m_stanza.scratchParent();
        options.user = m_stanza.superuserName();
        options.pgBinDir = m_stanza.pgBinDir();
        options.port = 55436;
        options.erasureDatabase = QStringLiteral("art32_drill");
        view->setPgBackRest(m_stanza.target(), options);
        auto* table = find<QTableWidget>(view, "backupsTableWidget");
        const int before = table->rowCount();

        // Cancel: pgBackRest stops, nothing is recorded.
        QSignalSpy finished(view, &BackupsView::jobFinished);
        QTest::mouseClick(find<QPushButton>(view, "runBackupButton"), Qt::LeftButton);
        QVERIFY(view->isBusy());
        QVERIFY(find<QProgressBar>(view, "backupProgressBar")->isVisible());
        QVERIFY(!find<QPushButton>(view, "runBackupButton")->isEnabled());
        QTest::mouseClick(find<QPushButton>(view, "cancelBackupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("cancelled")),
                 qPrintable(finished.first().at(1).toString()));
        reloadAndWait(view);
        QCOMPARE(table->rowCount(), before);

        // Run: a real backup, recorded, today present. Meanwhile the session's worker still answers.
        finished.clear();
        QTest::mouseClick(find<QPushButton>(view, "runBackupButton"), Qt::LeftButton);
        QVERIFY(view->isBusy());
        reloadAndWait(view);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(!view->isBusy());
        reloadAndWait(view);
        QCOMPARE(table->rowCount(), before + 1);
        QVERIFY(table->item(0, 0)->text().size() > 0);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("pgBackRest"));
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("Not verified"));

        // An account erased in the live database after that backup: the drill must erase it again in its copy.
        long long erased = 0;
        {
            pqxx::connection drill(m_stanza.superuser(QStringLiteral("art32_drill")).connectionString());
            pqxx::work tx(drill);
            erased = tx.exec("SELECT min(account_id) FROM art32.account_keys")[0][0].as<long long>();
        }
        {
            pqxx::connection live(test::superuserProfile(m_db).connectionString());
            pqxx::work tx(live);
            QCOMPARE(
                tx.exec("SELECT count(*) FROM art32.account_keys WHERE account_id = " + std::to_string(erased))[0][0]
                    .as<int>(),
                1);
            tx.exec("SELECT art32.erase_account(" + std::to_string(erased) + ", '" + std::to_string(erased) + "')");
            tx.commit();
        }

        // Drill: restored into a scratch copy, timed, recorded against the promise, the erasure re-applied.
        finished.clear();
        QVERIFY(find<QPushButton>(view, "drillBackupButton")->isEnabled());
        QTest::mouseClick(find<QPushButton>(view, "drillBackupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        reloadAndWait(view);
        QVERIFY(view->summary().lastDrill.has_value());
        QVERIFY(view->summary().drillWithinPromise);
        QVERIFY2(find<QLabel>(view, "backupDrillLabel")->text().contains(QLatin1String("within the promise")),
                 qPrintable(find<QLabel>(view, "backupDrillLabel")->text()));
        QVERIFY(table->item(0, 4)->text().startsWith(QLatin1String("Yes, ")));
        QCOMPARE(word(view, 29), QStringLiteral("Verified"));
        QVERIFY2(finished.first().at(1).toString().contains(QLatin1String("; 1 erasure re-applied from the ledger.")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(view->summary().lastDrill->erasuresReapplied, 1);
        QCOMPARE(table->item(0, 6)->text(), QStringLiteral("1"));
        {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            const auto snapshot = backup::catalogue::read(c);
            QVERIFY(snapshot.ok());
            QCOMPARE(snapshot->checks.first().erasuresReapplied, 1);
        }
        // Only the copy was erased: the stanza's own cluster still holds the account.
        {
            pqxx::connection drill(m_stanza.superuser(QStringLiteral("art32_drill")).connectionString());
            pqxx::work tx(drill);
            QCOMPARE(
                tx.exec("SELECT count(*) FROM art32.account_keys WHERE account_id = " + std::to_string(erased))[0][0]
                    .as<int>(),
                1);
        }
        grab(view, QStringLiteral("backups-after-drill"));

        // A drill cancelled at its start (i13-gui, 0021): pgBackRest stopped, the check recorded as cancelled, and
        // the last drill is still the one that succeeded.
        finished.clear();
        const QMetaObject::Connection cancelOnStart
            = connect(view, &BackupsView::jobProgress, view, [view](double, const QString&) { view->cancel(); });
        QTest::mouseClick(find<QPushButton>(view, "drillBackupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        disconnect(cancelOnStart);
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().startsWith(QLatin1String("Restore drill cancelled")),
                 qPrintable(finished.first().at(1).toString()));
        {
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            const auto snapshot = backup::catalogue::read(c);
            QVERIFY(snapshot.ok());
            QVERIFY(snapshot->checks.first().cancelled);
            QVERIFY(!snapshot->checks.first().ok.has_value());
        }
        reloadAndWait(view);
        QVERIFY(view->summary().drillWithinPromise);
        QCOMPARE(word(view, 29), QStringLiteral("Verified"));

        applyLanguage(QStringLiteral("nl"));
        QTRY_COMPARE(word(view, 29), QStringLiteral("Geverifieerd"));
        QCOMPARE(find<QPushButton>(view, "runBackupButton")->text(), QStringLiteral("Nu &back-up maken"));
        grab(view, QStringLiteral("backups-nl"));
        applyLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestBackupsGui)
#include "tst_backups_gui.moc"
