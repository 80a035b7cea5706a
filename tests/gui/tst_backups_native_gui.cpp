#include "TestSupport.h"
#include "backup/Catalogue.h"
#include "backup/Native.h"
#include "backup/PgBackRest.h"
#include "backups/BackupsView.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Session.h"
#include "store/Database.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"
#include "widgets/Icons.h"

#include <QDir>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QUuid>
#include <memory>
#include <pqxx/connection>
#include <pqxx/transaction>
#include <sys/stat.h>

using namespace art32;
using art32::ui::BackupsView;
using art32::ui::Console;

/**
 * Native Run, Verify and Drill from the Backups view (i13-gui), offscreen against the harness's PostgreSQL with real
 * pg_dump and pg_restore: the empty state's button makes a backup, verify and drill restore it into scratch
 * databases, a Cancel midway leaves no file and a catalogue row that says cancelled (a cancelled verify is no
 * failure and no verification), a missing key says what to do, an auditor has no actions, and pgBackRest sets that
 * `info` no longer lists are marked expired on import.
 */
class TestBackupsNativeGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_backups_native");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console native backups test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;
    backup::Target m_target;
    const SecureBytes m_key = backup::generateKey(); ///< this database's backup key (the keychain's, a key file's)

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

    BackupsView* openBackups(Console& console)
    {
        auto* view = find<BackupsView>(console.mainWindow(), "backupsWidget");
        console.mainWindow()->showView(console.mainWindow()->viewNames().indexOf(QStringLiteral("backupsWidget")));
        view->setNativeBackups(m_target);
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

    backup::catalogue::Snapshot catalogue()
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        return backup::catalogue::read(c).value();
    }

    QStringList filesInDir() const
    {
        // The backups and anything half-written; the erasure ledger file (FORMAT.md §12) lives beside them.
        QStringList names = QDir(m_target.backupDir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
        names.removeAll(QStringLiteral("erasure-ledger.art32led"));
        return names;
    }

    static QString word(BackupsView* view, int index)
    {
        auto* cell = view->findChild<QFrame*>(QStringLiteral("stripDay%1").arg(index));
        if (!cell)
            return QStringLiteral("<no cell>");
        return cell->findChild<QLabel*>(QStringLiteral("stripWord"))->text();
    }

    /** The strip's index (0 oldest … 29 today) of an instant, in the working calendar's zone. */
    int stripIndex(const QDateTime& at)
    {
        const QTimeZone zone(QByteArrayLiteral("Europe/Amsterdam"));
        const int back = int(at.toTimeZone(zone).date().daysTo(catalogue().serverNow.toTimeZone(zone).date()));
        return 29 - back;
    }

    void grab(QWidget* w, const QString& name)
    {
        const QString dir = qEnvironmentVariable("ART32_SCREENSHOT_DIR");
        if (dir.isEmpty())
            return;
        w->window()->resize(1280, 800);
        QTest::qWait(100);
        QVERIFY(w->window()->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png")));
    }

    void storeKey()
    {
        QByteArray text = backup::keyToText(m_key);
        QVERIFY(m_keychain.writeNow(backup::keychainName(m_sys.profile), text).ok());
        wipe(text);
    }

    /** Clicks a job's button and waits for its end; the first argument of jobFinished. */
    static QList<QVariant> clickAndWait(BackupsView* view, const char* button)
    {
        QSignalSpy finished(view, &BackupsView::jobFinished);
        QTest::mouseClick(find<QPushButton>(view, button), Qt::LeftButton);
        if (!finished.wait(180000))
            return { false, QStringLiteral("<no end>") };
        return finished.first();
    }

    qint64 imported(const QString& label, qint64 secondsAgo, bool ok, qint64 size)
    {
        pqxx::connection c(test::superuserProfile(m_db).connectionString());
        backup::BackupEntry e;
        e.backend = backup::Backend::PgBackRest;
        e.label = label;
        e.started = catalogue().serverNow.addSecs(-secondsAgo);
        e.finished = e.started.addSecs(90);
        e.sizeBytes = size;
        e.serverVersion = QStringLiteral("15");
        e.state = ok ? backup::BackupState::Complete : backup::BackupState::Failed;
        if (!ok)
            e.error = QStringLiteral("pgBackRest flagged errors");
        auto id = backup::catalogue::import(c, e);
        return id ? id.value() : -1;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QVERIFY(m_dir.isValid());
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_bn"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile)); // no stanza: the native backend
        // The backup login: the harness's superuser, as the demo's maintenance role is.
        auto bin = DemoCluster::serverBinaries();
        QVERIFY(bin);
        m_target.pgBinDir = bin.value();
        m_target.backupDir = m_dir.filePath(QStringLiteral("backups"));
        m_target.connection = test::superuserProfile(m_db);
        // Enough data that a run reports its first bytes long before it ends (progress comes every 8 MiB).
        test::superuserExec(m_db,
                            "CREATE TABLE public.bulk AS SELECT g AS id, md5(g::text) || md5((g + 7)::text) AS filler "
                            "FROM generate_series(1, 700000) g");
        storeKey();
    }

    void cleanupTestCase()
    {
        m_keychain.removeNow(backup::keychainName(m_sys.profile));
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
    }

    void emptyStateRunsANativeBackup()
    {
        Settings settings(m_dir.filePath(QStringLiteral("empty.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        BackupsView* view = openBackups(console);
        QVERIFY(find<QLabel>(view, "backupsEmptyLabel")->isVisible());
        QCOMPARE(find<QLabel>(view, "backupsEmptyLabel")->text(), QStringLiteral("No backups yet — Run backup now"));
        auto* button = find<QPushButton>(view, "emptyRunBackupButton");
        QVERIFY(button->isVisible() && button->isEnabled());
        QVERIFY(find<QLabel>(view, "backupBackendLabel")->text().startsWith(QLatin1String("Backend: native")));
        grab(view, QStringLiteral("backups-native-empty"));

        QSignalSpy finished(view, &BackupsView::jobFinished);
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(view->isBusy());
        QVERIFY(find<QProgressBar>(view, "backupProgressBar")->isVisible());
        QVERIFY(!find<QPushButton>(view, "runBackupButton")->isEnabled());
        // The rest of the window stays usable: the session's worker answers, another view opens and loads.
        reloadAndWait(view);
        ui::MainWindow* window = console.mainWindow();
        window->showView(window->viewNames().indexOf(QStringLiteral("auditWidget")));
        QVERIFY(find<QWidget>(window, "auditWidget")->isVisible());
        QVERIFY(finished.wait(180000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        window->showView(window->viewNames().indexOf(QStringLiteral("backupsWidget")));
        reloadAndWait(view);

        auto* table = find<QTableWidget>(view, "backupsTableWidget");
        QVERIFY(table->isVisible());
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("native"));
        QCOMPARE(table->item(0, 3)->text(), QStringLiteral("Complete"));
        QCOMPARE(word(view, 29), QStringLiteral("Present"));
        QVERIFY(!view->summary().ageWarning);
        const backup::BackupEntry made = catalogue().entries.first();
        QCOMPARE(made.state, backup::BackupState::Complete);
        QVERIFY(QFileInfo::exists(made.file));
        QCOMPARE(filesInDir(), QStringList { made.label }); // no partial file beside it
        // The request is on the record under the sysadmin's own name.
        QCOMPARE(test::superuserCount(m_db,
                                      "SELECT count(*) FROM art32.audit_events WHERE action = 'backup.requested' "
                                      "AND actor = '"
                                          + m_sys.profile.user.toStdString() + "' AND detail->>'action' = 'run'"),
                 1LL);
    }

    void verifyAndDrillTheNativeBackup()
    {
        Settings settings(m_dir.filePath(QStringLiteral("verify.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        auto* table = find<QTableWidget>(view, "backupsTableWidget");
        QCOMPARE(table->item(0, 4)->text(), QStringLiteral("Not verified"));

        const QList<QVariant> verified = clickAndWait(view, "verifyBackupButton");
        QVERIFY2(verified.at(0).toBool(), qPrintable(verified.at(1).toString()));
        QVERIFY(verified.at(1).toString().startsWith(QLatin1String("Verified: restored into a scratch database")));
        reloadAndWait(view);
        QVERIFY(table->item(0, 4)->text().startsWith(QLatin1String("Yes, ")));
        QCOMPARE(word(view, 29), QStringLiteral("Verified"));

        const QList<QVariant> drilled = clickAndWait(view, "drillBackupButton");
        QVERIFY2(drilled.at(0).toBool(), qPrintable(drilled.at(1).toString()));
        reloadAndWait(view);
        QVERIFY(view->summary().lastDrill.has_value());
        QVERIFY(view->summary().drillWithinPromise);
        QVERIFY(!view->summary().drillOverdue);
        QVERIFY2(find<QLabel>(view, "backupDrillLabel")->text().contains(QLatin1String("within the promise")),
                 qPrintable(find<QLabel>(view, "backupDrillLabel")->text()));
        // Both restores went into scratch databases that are gone again.
        QCOMPARE(test::superuserCount(QStringLiteral("postgres"),
                                      "SELECT count(*) FROM pg_database WHERE datname LIKE 'art32\\_scratch\\_%'"),
                 0LL);
    }

    void aProfilesKeyFileServesWithoutTheKeychain()
    {
        // A deployment whose timers use a key file: the profile names it, the keychain has no backup key.
        const QString keyFile = m_dir.filePath(QStringLiteral("backup.key"));
        QVERIFY(backup::writeKeyFile(keyFile, m_key, true));
        Profile withFile = m_cto.profile;
        withFile.backupKeyFile = keyFile;
        QVERIFY(m_profiles->save(withFile));
        QVERIFY(m_keychain.removeNow(backup::keychainName(m_cto.profile)).ok());
        const auto restore = qScopeGuard([this] {
            storeKey();
            QVERIFY(m_profiles->save(m_cto.profile));
        });

        Settings settings(m_dir.filePath(QStringLiteral("keyfile.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        QVERIFY2(find<QLabel>(view, "backupBackendLabel")->text().contains(QDir::toNativeSeparators(keyFile)),
                 qPrintable(find<QLabel>(view, "backupBackendLabel")->text()));
        const int checks = int(catalogue().checks.size());

        // Verify: the key from the file; after pg_restore the view says it compares the tables.
        QStringList said;
        connect(view, &BackupsView::jobProgress, view, [&said](double, const QString& what) {
            if (said.isEmpty() || said.last() != what)
                said << what;
        });
        const QList<QVariant> verified = clickAndWait(view, "verifyBackupButton");
        QVERIFY2(verified.at(0).toBool(), qPrintable(verified.at(1).toString()));
        QCOMPARE(int(catalogue().checks.size()), checks + 1);
        QVERIFY(catalogue().checks.first().ok.value_or(false));
        const int comparing = int(said.indexOf(backup::phaseText(backup::Phase::Compare)));
        QVERIFY2(comparing > 0, qPrintable(said.join(QLatin1Char('|'))));
        QVERIFY2(said.at(comparing - 1).startsWith(QLatin1String("Verifying")),
                 qPrintable(said.join(QLatin1Char('|'))));
        QCOMPARE(backup::phaseText(backup::Phase::Compare),
                 QStringLiteral("Comparing the restored tables with the header…"));

        // Run: a new backup encrypted with the file's key, which the file's key opens.
        const int rows = int(catalogue().entries.size());
        const QList<QVariant> ran = clickAndWait(view, "runBackupButton");
        QVERIFY2(ran.at(0).toBool(), qPrintable(ran.at(1).toString()));
        QCOMPARE(int(catalogue().entries.size()), rows + 1);
        const backup::BackupEntry made = catalogue().entries.first();
        QCOMPARE(made.state, backup::BackupState::Complete);
        backup::RestoreOptions verify;
        Database db(m_target.connection);
        QVERIFY(db.openWithoutPassword());
        auto key = backup::readKeyFile(keyFile);
        QVERIFY(key);
        auto checked = backup::restore(db, m_target, made.file, key.value(), verify);
        QVERIFY2(checked, qPrintable(checked.error().message));

        // A key file others can read is refused, and the message names it; nothing runs.
        QVERIFY(::chmod(QFile::encodeName(keyFile).constData(), 0644) == 0);
        const QList<QVariant> refused = clickAndWait(view, "verifyBackupButton");
        QCOMPARE(refused.at(0).toBool(), false);
        QVERIFY2(refused.at(1).toString().contains(keyFile)
                     && refused.at(1).toString().contains(QLatin1String("chmod 600")),
                 qPrintable(refused.at(1).toString()));
        QCOMPARE(int(catalogue().checks.size()), checks + 2);
    }

    void cancelledRunLeavesNoFileAndSaysCancelled()
    {
        Settings settings(m_dir.filePath(QStringLiteral("cancel.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        BackupsView* view = openBackups(console);
        const QStringList before = filesInDir();
        const int rows = int(catalogue().entries.size());

        // Cancel once the first bytes are written: midway through pg_dump's stream.
        QSignalSpy finished(view, &BackupsView::jobFinished);
        connect(view, &BackupsView::jobProgress, view, [view](double, const QString& what) {
            if (what.contains(QLatin1String("written")))
                QTest::mouseClick(view->findChild<QPushButton*>(QStringLiteral("cancelBackupButton")), Qt::LeftButton);
        });
        QTest::mouseClick(find<QPushButton>(view, "runBackupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(180000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().startsWith(QLatin1String("Backup cancelled: no file was kept")),
                 qPrintable(finished.first().at(1).toString()));
        QCOMPARE(filesInDir(), before); // neither the partial file nor a finished one
        const backup::catalogue::Snapshot after = catalogue();
        QCOMPARE(int(after.entries.size()), rows + 1);
        QCOMPARE(after.entries.first().state, backup::BackupState::Cancelled); // not failed, and not complete
        reloadAndWait(view);
        QCOMPARE(find<QTableWidget>(view, "backupsTableWidget")->item(0, 3)->text(), QStringLiteral("Cancelled"));
        QCOMPARE(word(view, 29), QStringLiteral("Verified")); // a cancelled run is no failure of the day
        QCOMPARE(view->summary().days.last().failures, 0);
    }

    void cancelledVerifyIsNeitherAFailureNorAVerification()
    {
        Settings settings(m_dir.filePath(QStringLiteral("cancelverify.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        BackupsView* view = openBackups(console);
        const int checks = int(catalogue().checks.size());
        const QDateTime lastVerified = view->summary().lastGood->finished;

        // Cancel as soon as the restore has started on its thread.
        QSignalSpy finished(view, &BackupsView::jobFinished);
        connect(view, &BackupsView::jobProgress, view, [view](double, const QString& what) {
            if (what.startsWith(QLatin1String("Verifying")))
                view->cancel();
        });
        QTest::mouseClick(find<QPushButton>(view, "verifyBackupButton"), Qt::LeftButton);
        QVERIFY(finished.wait(180000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(1).toString().startsWith(QLatin1String("Verification cancelled")),
                 qPrintable(finished.first().at(1).toString()));
        const backup::catalogue::Snapshot after = catalogue();
        QCOMPARE(int(after.checks.size()), checks + 1);
        const backup::CheckEntry& check = after.checks.first();
        QVERIFY(check.cancelled);
        QVERIFY(!check.ok.has_value());
        QVERIFY(check.finished.isValid());
        reloadAndWait(view);
        QCOMPARE(word(view, 29), QStringLiteral("Verified")); // the earlier verification still counts, nothing failed
        QCOMPARE(view->summary().days.last().failures, 0);
        QVERIFY(view->summary().drillWithinPromise);
        QCOMPARE(view->summary().lastGood->finished, lastVerified);
        QCOMPARE(test::superuserCount(QStringLiteral("postgres"),
                                      "SELECT count(*) FROM pg_database WHERE datname LIKE 'art32\\_scratch\\_%'"),
                 0LL);
    }

    void noBackupKeySaysWhatToDo()
    {
        Settings settings(m_dir.filePath(QStringLiteral("nokey.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        QVERIFY(m_keychain.removeNow(backup::keychainName(m_sys.profile)).ok());
        const int rows = int(catalogue().entries.size());
        const QList<QVariant> outcome = clickAndWait(view, "runBackupButton");
        storeKey();
        QCOMPARE(outcome.at(0).toBool(), false);
        QVERIFY2(
            outcome.at(1).toString().startsWith(
                QStringLiteral("No backup key: the keychain has no entry %1").arg(backup::keychainName(m_cto.profile)))
                && outcome.at(1).toString().contains(QLatin1String("art32ctl backup keygen")),
            qPrintable(outcome.at(1).toString()));
        QCOMPARE(int(catalogue().entries.size()), rows); // nothing recorded, nothing written
        QVERIFY(!view->isBusy());
        QVERIFY(find<QPushButton>(view, "runBackupButton")->isEnabled());
    }

    void auditorHasNoActions()
    {
        Settings settings(m_dir.filePath(QStringLiteral("aud.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        BackupsView* view = openBackups(console);
        for (const char* name :
             { "runBackupButton", "verifyBackupButton", "drillBackupButton", "emptyRunBackupButton" })
            QVERIFY2(!find<QPushButton>(view, name)->isVisible(), name);
        QVERIFY(find<QLabel>(view, "backupBackendLabel")
                    ->text()
                    .contains(QLatin1String("a CTO or sysadmin runs, verifies and drills")));
        const int rows = int(catalogue().entries.size());
        view->runBackup();
        view->verifyLatest();
        QVERIFY(!view->isBusy());
        QCOMPARE(int(catalogue().entries.size()), rows);
    }

    void expiredPgBackRestSetsAreNotPresent()
    {
        // Two sets recorded from an earlier `info`; pgBackRest has since expired the older one itself.
        const qint64 old = imported(QStringLiteral("20261120-010000F"), 3 * 86400, true, 30 << 20);
        const qint64 kept = imported(QStringLiteral("20261121-010000F"), 2 * 86400, true, 31 << 20);
        QVERIFY(old > 0 && kept > 0);
        pgbackrest::Stanza stanza;
        stanza.name = QStringLiteral("main");
        stanza.statusCode = int(pgbackrest::StanzaStatus::Ok);
        pgbackrest::Backup b;
        b.label = QStringLiteral("20261121-010000F");
        b.start = catalogue().serverNow.addSecs(-2 * 86400);
        b.stop = b.start.addSecs(90);
        b.repoSize = 31 << 20;
        stanza.backups << b;
        // The same label's start must match the record: take it from the catalogue.
        for (const auto& e : catalogue().entries)
            if (e.id == kept)
                stanza.backups.first().start = e.started;
        {
            // A stanza pgBackRest could not read says nothing about what is gone.
            pgbackrest::Stanza unreadable = stanza;
            unreadable.statusCode = int(pgbackrest::StanzaStatus::MissingStanzaPath);
            unreadable.backups.clear();
            pqxx::connection c(test::superuserProfile(m_db).connectionString());
            QVERIFY(pgbackrest::importInto(c, unreadable).ok());
            for (const auto& e : catalogue().entries)
                if (e.id == old || e.id == kept)
                    QCOMPARE(e.state, backup::BackupState::Complete);
            auto ids = pgbackrest::importInto(c, stanza);
            QVERIFY2(ids, qPrintable(ids.error().message));
        }
        for (const auto& e : catalogue().entries) {
            if (e.id == old)
                QCOMPARE(e.state, backup::BackupState::Expired);
            if (e.id == kept)
                QCOMPARE(e.state, backup::BackupState::Complete);
        }

        Settings settings(m_dir.filePath(QStringLiteral("expired.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        const QDateTime now = catalogue().serverNow;
        QCOMPARE(word(view, stripIndex(now.addSecs(-3 * 86400))), QStringLiteral("Missing"));
        // Imported two days after it started: reported late (0026), still not gone.
        QCOMPARE(word(view, stripIndex(now.addSecs(-2 * 86400))), QStringLiteral("Reported late"));
        auto* table = find<QTableWidget>(view, "backupsTableWidget");
        QStringList states;
        for (int row = 0; row < table->rowCount(); ++row)
            states << table->item(row, 3)->text();
        QVERIFY2(states.contains(QStringLiteral("Expired")), qPrintable(states.join(QLatin1Char(','))));
    }

    void aFewDaysOfData()
    {
        // A few more days for the picture: good nights, a failed one, and one the strip shows as missing.
        QVERIFY(imported(QStringLiteral("20261116-010000F"), 6 * 86400, true, 28 << 20) > 0);
        QVERIFY(imported(QStringLiteral("20261117-010000F"), 5 * 86400, false, 1 << 20) > 0);
        QVERIFY(imported(QStringLiteral("20261118-010000F"), 4 * 86400, true, 29 << 20) > 0);
        QVERIFY(imported(QStringLiteral("20261122-010000F"), 1 * 86400, true, 32 << 20) > 0);
        Settings settings(m_dir.filePath(QStringLiteral("days.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        BackupsView* view = openBackups(console);
        const QDateTime now = catalogue().serverNow;
        QCOMPARE(word(view, stripIndex(now.addSecs(-5 * 86400))), QStringLiteral("Failed"));
        QCOMPARE(word(view, stripIndex(now.addSecs(-4 * 86400))), QStringLiteral("Reported late")); // imported now
        QCOMPARE(word(view, stripIndex(now.addSecs(-1 * 86400))), QStringLiteral("Present")); // 24 h: in time
        grab(view, QStringLiteral("backups-native-days"));
        applyLanguage(QStringLiteral("nl"));
        QTRY_COMPARE(word(view, stripIndex(now.addSecs(-5 * 86400))), QStringLiteral("Mislukt"));
        QCOMPARE(word(view, stripIndex(now.addSecs(-4 * 86400))), QStringLiteral("Laat gemeld"));
        grab(view, QStringLiteral("backups-native-days-nl"));
        applyLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestBackupsNativeGui)
#include "tst_backups_native_gui.moc"
