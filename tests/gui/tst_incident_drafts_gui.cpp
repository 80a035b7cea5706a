#include "TestSupport.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/TimeFormat.h"
#include "core/Translations.h"
#include "incidents/DraftKeeper.h"
#include "incidents/Drafts.h"
#include "incidents/IncidentsView.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"

#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <cstdio>

using namespace art32;
using art32::ui::Console;
using art32::ui::DraftKeeper;
using art32::ui::IncidentsView;

namespace {

template<typename T> T* find(QObject* parent, const char* name)
{
    return parent->findChild<T*>(QLatin1String(name));
}

/** What the child types, and the parent expects back after Restore. */
const QString kDescription = QStringLiteral("Mailbox of the helpdesk forwarded to an outside address");
const QString kMeasures = QStringLiteral("forwarding rule removed; passwords reset");
const QString kRecords = QStringLiteral("250");
const QString kStarted = QStringLiteral("last tuesday"); // not a time yet: kept as typed, with its message

/** The incident's row selected, and its form loaded. */
bool showIncident(IncidentsView* view, qint64 id)
{
    auto* table = find<QTableWidget>(view, "incidentsTable");
    if (!QTest::qWaitFor([&] { return table->rowCount() > 0; }, 20000))
        return false;
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->data(Qt::UserRole).toLongLong() == id)
            table->selectRow(row);
    return QTest::qWaitFor([&] { return view->currentId() == id; }, 20000);
}

void typeInput(IncidentsView* view)
{
    QTest::keyClicks(find<QPlainTextEdit>(view, "q5_description"), kDescription);
    QTest::keyClicks(find<QPlainTextEdit>(view, "q10_measures_taken"), kMeasures);
    QTest::keyClicks(find<QLineEdit>(view, "q6_records_min"), kRecords);
    QTest::keyClicks(find<QLineEdit>(view, "q4_started_at"), kStarted);
    auto* protection = find<QComboBox>(view, "q8_protection");
    protection->setCurrentIndex(protection->findData(QStringLiteral("encrypted")));
    find<QListWidget>(view, "q5_nature")->item(1)->setCheckState(Qt::Checked);
}

/**
 * The child of crashRecovery(): a console that unlocks with the code it is given, shows the incident, types into its
 * form, says READY once the draft file exists, and waits to be killed.
 */
int crashChild()
{
    QLocale::setDefault(QLocale::c());
    applyLanguage(QStringLiteral("en"));
    const auto env = [](const char* name) {
        return qEnvironmentVariable(name);
    };
    Keychain keychain(env("DRAFT_CHILD_KEYCHAIN"));
    ProfileStore profiles(env("DRAFT_CHILD_PROFILES"));
    Settings settings(env("DRAFT_CHILD_SETTINGS"));
    const qint64 id = env("DRAFT_CHILD_INCIDENT").toLongLong();
    Console console(&settings, &profiles, &keychain, Clock::system());
    const auto fail = [](const char* why) {
        std::fprintf(stderr, "crash child: %s\n", why);
        return 2;
    };
    if (!console.start(env("DRAFT_CHILD_PROFILE")))
        return fail("no profile");
    if (!QTest::qWaitFor([&] { return console.session()->state() == Session::State::Locked; }, 30000))
        return fail("not locked");
    auto* code = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
    if (!QTest::qWaitFor([&] { return code->isEnabled(); }, 10000))
        return fail("no code field");
    QTest::keyClicks(code, env("DRAFT_CHILD_CODE"));
    find<QPushButton>(console.unlockDialog(), "unlockButton")->click();
    if (!QTest::qWaitFor([&] { return console.mainWindow() && console.mainWindow()->isVisible(); }, 30000))
        return fail("not unlocked");
    auto* view = find<IncidentsView>(console.mainWindow(), "incidentsView");
    auto* keeper = view->findChild<DraftKeeper*>(QStringLiteral("draftKeeper"));
    if (!showIncident(view, id) || !QTest::qWaitFor([&] { return keeper->ready(); }, 30000))
        return fail("no incident or no draft key");
    typeInput(view);
    const QString path = keeper->store().pathFor(QString::number(id));
    if (!QTest::qWaitFor([&] { return QFile::exists(path); }, 30000))
        return fail("no draft written");
    std::printf("READY\n");
    std::fflush(stdout);
    QTimer::singleShot(120000, qApp, [] { std::exit(3); }); // never outlive a parent that forgot us
    return qApp->exec();
}

} // namespace

/**
 * Incident drafts in the console, offscreen with real widgets against the harness's PostgreSQL and Secret Service:
 * a console killed with SIGKILL while typing (a child process), a database that goes away under Save, and a lock.
 * Each time the input comes back exactly as typed, and the draft goes once the server has it.
 */
class TestIncidentDraftsGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_drafts_gui");
    QTemporaryDir m_dir;
    const QString m_service = QStringLiteral("Art32 Console drafts GUI test %1").arg(QUuid::createUuid().toString());
    Keychain m_keychain { m_service };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;

    QString nextCode(const test::TestAdmin& admin)
    {
        m_offset += 60;
        test::setServerClockOffset(m_db, m_offset);
        return test::codeFor(admin, m_offset);
    }

    void typeCode(Console& console, const QString& code)
    {
        auto* edit = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
        QTRY_VERIFY(edit->isEnabled() && !edit->isReadOnly());
        edit->clear();
        QTest::keyClicks(edit, code);
        QTest::keyClick(edit, Qt::Key_Return);
    }

    IncidentsView* unlock(Console& console)
    {
        if (!console.start(m_cto.profile.name))
            return nullptr;
        if (!QTest::qWaitFor([&] { return console.session()->state() == Session::State::Locked; }, 30000))
            return nullptr;
        typeCode(console, nextCode(m_cto));
        if (!QTest::qWaitFor([&] { return console.mainWindow() && console.mainWindow()->isVisible(); }, 30000))
            return nullptr;
        return find<IncidentsView>(console.mainWindow(), "incidentsView");
    }

    static DraftKeeper* keeperOf(IncidentsView* view)
    {
        return view->findChild<DraftKeeper*>(QStringLiteral("draftKeeper"));
    }

    qint64 openIncident(const QString& title)
    {
        Settings settings(m_dir.filePath(QStringLiteral("open.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlock(console);
        // The first console of the profile makes the draft key: let it finish storing it before the console goes,
        // or its keychain job would land later, over the key the next console made meanwhile.
        if (!view || !QTest::qWaitFor([&] { return keeperOf(view)->ready(); }, 30000))
            return 0;
        find<QLineEdit>(view, "newIncidentTitle")->setText(title);
        find<QPushButton>(view, "openIncidentButton")->click();
        if (!QTest::qWaitFor([&] { return find<QLabel>(view, "incidentHeading")->text().contains(title); }, 20000))
            return 0;
        return view->currentId();
    }

    /** The draft file's content, opened with the profile's key from the keychain. */
    std::optional<incidents::Draft> draftOnDisk(qint64 id)
    {
        Keychain::Reply key = m_keychain.readNow(incidents::drafts::keychainKey(m_cto.profile.name));
        if (!key.ok())
            return std::nullopt;
        const SecureBytes k = SecureBytes::fromByteArray(key.secret);
        wipe(key.secret);
        const auto read = incidents::DraftStore(m_cto.profile.name).read(QString::number(id), k);
        return read ? read.value() : std::nullopt;
    }

    static void checkTypedValues(IncidentsView* view)
    {
        QCOMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);
        QCOMPARE(find<QPlainTextEdit>(view, "q10_measures_taken")->toPlainText(), kMeasures);
        QCOMPARE(find<QLineEdit>(view, "q6_records_min")->text(), kRecords);
        QCOMPARE(find<QLineEdit>(view, "q4_started_at")->text(), kStarted);
        QVERIFY(!find<QLabel>(view, "q4_started_at_error")->isHidden()); // still says what is wrong with it
        QCOMPARE(find<QComboBox>(view, "q8_protection")->currentData().toString(), QStringLiteral("encrypted"));
        auto* nature = find<QListWidget>(view, "q5_nature");
        for (int i = 0; i < nature->count(); ++i)
            QCOMPARE(nature->item(i)->checkState(), i == 1 ? Qt::Checked : Qt::Unchecked);
    }

    static QString bannerText(IncidentsView* view) { return find<QLabel>(view, "draftBannerLabel")->text(); }

    long long savedDescriptions(qint64 id)
    {
        return test::superuserCount(m_db,
                                    "SELECT count(*) FROM art32.incidents WHERE q5_description IS NOT NULL "
                                    "AND id = "
                                        + std::to_string(id));
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_dg"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        QVERIFY(m_profiles->save(m_cto.profile));
    }

    void cleanupTestCase()
    {
        m_keychain.removeNow(incidents::drafts::keychainKey(m_cto.profile.name));
        test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud });
    }

    // A console killed (SIGKILL) while its form holds input: the next console offers the draft and restores it.
    void crashRecovery()
    {
        const qint64 id = openIncident(QStringLiteral("Helpdesk mailbox forwarded"));
        QVERIFY(id > 0);
        const QString path = incidents::DraftStore(m_cto.profile.name).pathFor(QString::number(id));
        QVERIFY(!QFile::exists(path));

        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DRAFT_CHILD_KEYCHAIN"), m_service);
        env.insert(QStringLiteral("DRAFT_CHILD_PROFILES"), m_dir.filePath(QStringLiteral("profiles.ini")));
        env.insert(QStringLiteral("DRAFT_CHILD_SETTINGS"), m_dir.filePath(QStringLiteral("child.ini")));
        env.insert(QStringLiteral("DRAFT_CHILD_PROFILE"), m_cto.profile.name);
        env.insert(QStringLiteral("DRAFT_CHILD_INCIDENT"), QString::number(id));
        env.insert(QStringLiteral("DRAFT_CHILD_CODE"), nextCode(m_cto));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), { QStringLiteral("--crash-child") });
        QVERIFY(child.waitForStarted());
        QByteArray out;
        while (!out.contains("READY") && child.state() == QProcess::Running) {
            child.waitForReadyRead(1000);
            out += child.readAllStandardOutput();
        }
        QVERIFY2(out.contains("READY"), out.constData());
        QVERIFY(QFile::exists(path));
        child.kill(); // SIGKILL: no destructor, no flush, no goodbye
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QCOMPARE(savedDescriptions(id), 0LL);
        // What the killed console left: the typed input, under the version it was typed over.
        const auto onDisk = draftOnDisk(id);
        QVERIFY(onDisk);
        QCOMPARE(onDisk->fields.size(), 6);
        QCOMPARE(onDisk->fields.value(QStringLiteral("q4_started_at")).toString(), kStarted);
        QCOMPARE(
            onDisk->baseVersion,
            int(test::superuserCount(m_db, "SELECT version FROM art32.incidents WHERE id = " + std::to_string(id))));

        // A fresh console: the Incidents view offers the draft at once, with its time and its number of fields.
        Settings settings(m_dir.filePath(QStringLiteral("after.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlock(console);
        QVERIFY(view);
        auto* banner = find<QWidget>(view, "draftBanner");
        QTRY_VERIFY_WITH_TIMEOUT(!banner->isHidden(), 20000);
        const QString offer = bannerText(view);
        QCOMPARE(offer,
                 QStringLiteral("Unsaved changes to incident %1 from %2 (6 fields).")
                     .arg(id)
                     .arg(timefmt::timeOfDay(onDisk->savedAt))); // local time with the zone
        // Restore opens that incident and puts back exactly what was typed.
        find<QPushButton>(view, "restoreDraftButton")->click();
        QTRY_COMPARE(view->currentId(), id);
        QTRY_COMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);
        checkTypedValues(view);
        // Selected in the list too, and said to be not saved yet.
        QTRY_COMPARE(find<QTableWidget>(view, "incidentsTable")->selectionModel()->selectedRows().size(), 1);
        QVERIFY(!banner->isHidden());
        QCOMPARE(bannerText(view), QStringLiteral("6 fields of incident %1 restored. They are not saved yet.").arg(id));
        QVERIFY(find<QPushButton>(view, "restoreDraftButton")->isHidden());
        // Nothing loads over it afterwards.
        QTest::qWait(200);
        QCOMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);

        // Saving needs a valid start time; then the server has it and the draft is gone.
        find<QLineEdit>(view, "q4_started_at")->clear();
        bool saved = false;
        connect(view, &IncidentsView::saved, this, [&] { saved = true; });
        find<QPushButton>(view, "saveIncidentButton")->click();
        QTRY_VERIFY(saved);
        QCOMPARE(savedDescriptions(id), 1LL);
        QTRY_VERIFY(!QFile::exists(path));
        QCOMPARE(
            test::superuserCount(m_db, "SELECT q6_records_min FROM art32.incidents WHERE id = " + std::to_string(id)),
            250LL);
    }

    // The database ends the console's connection before Save: the input stays in the form and in the draft, and
    // after the reconnect and a new code the save goes through and the draft goes.
    void databaseGoneMidSave()
    {
        const qint64 id = openIncident(QStringLiteral("Database away"));
        QVERIFY(id > 0);
        Settings settings(m_dir.filePath(QStringLiteral("lost.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlock(console);
        QVERIFY(view);
        Session* session = console.session();
        QVERIFY(showIncident(view, id));
        DraftKeeper* keeper = keeperOf(view);
        QTRY_VERIFY(keeper->ready());
        keeper->setInterval(3600 * 1000); // the failed save writes the draft, not the timer
        typeInput(view);
        find<QLineEdit>(view, "q4_started_at")->clear();
        const QString path = keeper->store().pathFor(QString::number(id));
        QVERIFY(!QFile::exists(path));

        test::superuserExec(m_db,
                            "SELECT pg_terminate_backend(" + std::to_string(session->serverInfo().backendPid) + ")");
        find<QPushButton>(view, "saveIncidentButton")->click();
        QTRY_COMPARE(session->state(), Session::State::ConnectionLost);
        auto* banner = view->findChild<ui::Banner*>(QStringLiteral("bannerFrame"));
        QTRY_VERIFY(banner->message().contains(QLatin1String("Your input is kept")));
        QCOMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);
        QVERIFY(QFile::exists(path));
        const auto draft = draftOnDisk(id);
        QVERIFY(draft);
        QCOMPARE(draft->fields.value(QStringLiteral("q5_description")).toString(), kDescription);
        QCOMPARE(draft->fields.value(QStringLiteral("q10_measures_taken")).toString(), kMeasures);
        QCOMPARE(draft->fields.value(QStringLiteral("q6_records_min")).toInteger(), qint64(250));
        QCOMPARE(draft->fields.size(), 5);
        QCOMPARE(savedDescriptions(id), 0LL);

        // Reconnect: a new code, the same window and form; Save now works and the draft goes.
        session->reconnect();
        QTRY_COMPARE(session->state(), Session::State::Locked);
        QVERIFY(session->resuming());
        typeCode(console, nextCode(m_cto));
        QTRY_COMPARE(session->state(), Session::State::Unlocked);
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        QCOMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);
        QVERIFY(QFile::exists(path));
        bool saved = false;
        connect(view, &IncidentsView::saved, this, [&] { saved = true; });
        find<QPushButton>(view, "saveIncidentButton")->click();
        QTRY_VERIFY(saved);
        QCOMPARE(savedDescriptions(id), 1LL);
        QVERIFY(!QFile::exists(path));
        // And it is not written back by the reload that follows, nor by the next autosave.
        keeper->flush();
        QTRY_COMPARE(find<QPlainTextEdit>(view, "q5_description")->toPlainText(), kDescription);
        keeper->flush();
        QVERIFY(!QFile::exists(path));
    }

    // A lock writes the draft at once (the window goes); after the unlock the new view offers it back. A tampered
    // draft is said and set aside, never loaded.
    void lockKeepsTheInputAndATamperedDraftIsRefused()
    {
        const qint64 id = openIncident(QStringLiteral("Locked away"));
        QVERIFY(id > 0);
        Settings settings(m_dir.filePath(QStringLiteral("lock.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        IncidentsView* view = unlock(console);
        QVERIFY(view);
        QVERIFY(showIncident(view, id));
        DraftKeeper* keeper = keeperOf(view);
        QTRY_VERIFY(keeper->ready());
        keeper->setInterval(3600 * 1000);
        typeInput(view);
        const QString path = keeper->store().pathFor(QString::number(id));
        QVERIFY(!QFile::exists(path));
        QPointer<IncidentsView> gone(view);
        console.lockNow();
        QVERIFY(QFile::exists(path)); // at once, not at the next tick
        QTRY_VERIFY(gone.isNull());

        typeCode(console, nextCode(m_cto));
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        view = find<IncidentsView>(console.mainWindow(), "incidentsView");
        QVERIFY(showIncident(view, id));
        QTRY_VERIFY(!find<QWidget>(view, "draftBanner")->isHidden());
        QVERIFY2(bannerText(view).contains(QStringLiteral("incident %1").arg(id)), qPrintable(bannerText(view)));
        // Offered, not applied: the form shows the server's (empty) answers until Restore.
        QVERIFY(find<QPlainTextEdit>(view, "q5_description")->toPlainText().isEmpty());
        find<QPushButton>(view, "restoreDraftButton")->click();
        checkTypedValues(view);

        // Lock again, then a byte of the draft is changed on disk: the next view says so and loads nothing.
        console.lockNow();
        QVERIFY(QFile::exists(path));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QByteArray bytes = f.readAll();
            bytes[bytes.size() - 30] = char(bytes[bytes.size() - 30] ^ 0x04);
            f.seek(0);
            f.write(bytes);
        }
        typeCode(console, nextCode(m_cto));
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        view = find<IncidentsView>(console.mainWindow(), "incidentsView");
        QTRY_VERIFY(!find<QWidget>(view, "draftBanner")->isHidden());
        QVERIFY2(bannerText(view).contains(QStringLiteral("failed its integrity check")), qPrintable(bannerText(view)));
        QVERIFY2(bannerText(view).contains(QStringLiteral("set aside")), qPrintable(bannerText(view)));
        QVERIFY(find<QPushButton>(view, "restoreDraftButton")->isHidden());
        QVERIFY(!QFile::exists(path));
        QVERIFY(showIncident(view, id));
        QVERIFY(find<QPlainTextEdit>(view, "q5_description")->toPlainText().isEmpty());
        find<QPushButton>(view, "dismissDraftButton")->click();
        QVERIFY(find<QWidget>(view, "draftBanner")->isHidden());
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    if (argc > 1 && qstrcmp(argv[1], "--crash-child") == 0)
        return crashChild();
    TestIncidentDraftsGui test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_incident_drafts_gui.moc"
