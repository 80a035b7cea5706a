#include "AuditSeed.h"
#include "TestSupport.h"
#include "accounts/AccountPanel.h"
#include "accounts/AccountsModel.h"
#include "accounts/AccountsView.h"
#include "audit/AuditModel.h"
#include "audit/AuditView.h"
#include "auth/KeyRing.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "records/Seeder.h"
#include "session/Services.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSemaphore>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <sys/stat.h>

using namespace art32;
using art32::ui::Console;
using art32::ui::MainWindow;

/**
 * The Audit view offscreen with real widgets against the harness's PostgreSQL and Secret Service: it opens newest
 * first and pages past the first page, the filter bar filters (and says why when it cannot), the empty state says
 * what to do, an export holds exactly the filtered rows and is private, and an account's "Who saw its data?" opens
 * the view filtered to that account.
 */
class TestAuditGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_audit_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console audit GUI test %1").arg(QUuid::createUuid().toString()) };
    test::TestAdmin m_cto, m_sys, m_aud;
    qint64 m_offset = 0;
    std::unique_ptr<ProfileStore> m_profiles;

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

    ui::AuditView* openAudit(Console& console)
    {
        MainWindow* w = console.mainWindow();
        const int row = w->viewNames().indexOf(QStringLiteral("auditWidget"));
        [&] {
            QVERIFY(row >= 0);
        }();
        w->showView(row);
        auto* view = find<ui::AuditView>(w, "auditWidget");
        [&] {
            QTRY_VERIFY(view->model()->rowCount() > 0);
        }();
        return view;
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }

    /**
     * Runs handle on the next modal dialog of type T (polled for, for at most five seconds, as it runs its own
     * event loop); the flag says whether it did.
     */
    template<typename T>
    std::shared_ptr<bool> onNextModal(std::function<void(T*)> handle,
                                      std::shared_ptr<bool> done = std::make_shared<bool>(false), int tries = 500)
    {
        QTimer::singleShot(10, this, [this, handle, done, tries] {
            auto* dialog = qobject_cast<T*>(QApplication::activeModalWidget());
            if (!dialog) {
                if (tries > 0)
                    onNextModal<T>(handle, done, tries - 1);
                return;
            }
            handle(dialog);
            *done = true;
        });
        return done;
    }

    void seedAccounts()
    {
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        KeyRing ring;
        QVERIFY(ring.load(super, m_cto.publicKey, SecureBytes::fromByteArray(priv.secret)));
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 20, 7);
            });
        });
        QVERIFY(written);
        wipe(priv.secret);
    }

    /** 500 events of three made-up actors, as if they had happened, so the log holds more than two pages. */
    void seedEvents()
    {
        test::seedAuditEvents(m_db,
                              ("SELECT (ARRAY['alice', 'bob', 'carol'])[1 + i % 3] AS actor, "
                               "       (ARRAY['records.reveal', 'access.grant', 'unlock.ok', 'keys.seal'])"
                               "[1 + i % 4] AS action, "
                               "       CASE WHEN i % 4 IN (0, 1) THEN (1000 + i % 7)::text ELSE 'x' END AS object, "
                               "       jsonb_build_object('n', i) AS detail "
                               "  FROM generate_series(0, 499) i ORDER BY i"));
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_ag"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        seedAccounts();
        seedEvents();
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void everyRoleHasTheView()
    {
        for (const auto* admin : { &m_cto, &m_sys, &m_aud }) {
            Settings settings(m_dir.filePath(QStringLiteral("roles.ini")));
            Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
            unlockAs(console, *admin);
            QVERIFY2(console.mainWindow()->viewNames().contains(QStringLiteral("auditWidget")),
                     qPrintable(admin->profile.user));
        }
    }

    void opensNewestFirstAndPagesPastTheFirstPage()
    {
        Settings settings(m_dir.filePath(QStringLiteral("paging.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        auto* view = openAudit(console);
        auto* model = view->model();
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), ui::AuditModel::kPageSize);
        // Newest first: the auditor's own unlock is the newest event of all.
        QCOMPARE(model->event(0).seq, superCount("SELECT max(seq) FROM art32.audit_events"));
        QCOMPARE(model->event(0).action, QStringLiteral("unlock.ok"));
        QCOMPARE(model->data(model->index(0, ui::AuditModel::Action)).toString(), QStringLiteral("Unlocked"));
        QCOMPARE(model->data(model->index(0, ui::AuditModel::Actor)).toString(), m_aud.profile.user);
        auto* status = find<QLabel>(view, "auditStatusLabel");
        QVERIFY2(status->text().contains(QLatin1String("200 event")), qPrintable(status->text()));
        QVERIFY(status->text().contains(QLatin1String("scroll down")));
        // (The tester asks for more rows itself: attached after the first page was counted.)
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Scrolling to the end fetches the next page, and so on to the first event.
        auto* table = find<QTableView>(view, "auditTableView");
        const long long total = superCount("SELECT count(*) FROM art32.audit_events");
        while (!model->isAtEnd()) {
            const int before = model->rowCount();
            table->scrollToBottom();
            QTRY_VERIFY(model->rowCount() > before || model->isAtEnd());
            QTRY_VERIFY(!model->isLoading());
        }
        QCOMPARE(model->rowCount(), total);
        for (int i = 1; i < model->rowCount(); ++i)
            QVERIFY(model->event(i).seq < model->event(i - 1).seq);
        QCOMPARE(model->event(model->rowCount() - 1).seq, superCount("SELECT min(seq) FROM art32.audit_events"));
        QVERIFY(!status->text().contains(QLatin1String("scroll down")));
    }

    void filtersFromTheBar()
    {
        Settings settings(m_dir.filePath(QStringLiteral("filter.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        auto* view = openAudit(console);
        auto* model = view->model();
        auto* actor = find<QComboBox>(view, "actorComboBox");
        // The bar lists who occurs in the log.
        QTRY_VERIFY(actor->findText(QStringLiteral("bob")) >= 0);
        actor->setFocus();
        actor->lineEdit()->selectAll();
        QTest::keyClicks(actor->lineEdit(), QStringLiteral("bob, carol"));
        QTest::keyClick(actor->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY(!model->isLoading() && model->rowCount() > 0);
        QCOMPARE(model->rowCount(), 200);
        for (int i = 0; i < model->rowCount(); ++i)
            QVERIFY(model->event(i).actor == QLatin1String("bob") || model->event(i).actor == QLatin1String("carol"));

        // An action group: bob's and carol's records.* events.
        auto* action = find<QComboBox>(view, "actionComboBox");
        QTRY_VERIFY(action->findData(QStringLiteral("records.reveal")) >= 0); // the server's actions arrived
        action->setCurrentIndex(action->findData(QStringLiteral("records.")));
        QTest::mouseClick(find<QPushButton>(view, "applyFilterButton"), Qt::LeftButton);
        QTRY_VERIFY(!model->isLoading());
        const long long expected = superCount("SELECT count(*) FROM art32.audit_events WHERE actor IN ('bob', 'carol') "
                                              "AND action LIKE 'records.%'");
        QCOMPARE(model->rowCount(), expected);
        for (int i = 0; i < model->rowCount(); ++i)
            QVERIFY(model->event(i).action.startsWith(QLatin1String("records.")));

        // An account id that is not a number: a reason, and the rows stay.
        auto* account = find<QLineEdit>(view, "accountLineEdit");
        account->setText(QStringLiteral("ten"));
        QTest::keyClick(account, Qt::Key_Return);
        auto* banner = find<ui::Banner>(view, "bannerFrame");
        QVERIFY(banner->isVisible());
        QVERIFY(banner->message().contains(QLatin1String("positive number")));
        QCOMPARE(model->rowCount(), expected);

        // A filter nothing matches says what to do.
        account->setText(QStringLiteral("999999"));
        QTest::keyClick(account, Qt::Key_Return);
        QTRY_VERIFY(!model->isLoading());
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(find<QLabel>(view, "auditStatusLabel")->text().contains(QLatin1String("Show everything")));

        // Show everything: every event again.
        QTest::mouseClick(find<QPushButton>(view, "clearFilterButton"), Qt::LeftButton);
        QTRY_VERIFY(!model->isLoading() && model->rowCount() == 200);
        QVERIFY(model->filter().isEmpty());
        QVERIFY(account->text().isEmpty() && actor->currentText().isEmpty());
    }

    void exportHoldsTheFilteredRowsAndIsPrivate()
    {
        Settings settings(m_dir.filePath(QStringLiteral("export.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        auto* view = openAudit(console);
        auto* actor = find<QComboBox>(view, "actorComboBox");
        actor->setEditText(QStringLiteral("alice"));
        QTest::keyClick(actor->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY(!view->model()->isLoading()
                    && view->model()->filter().actors == QStringList { QStringLiteral("alice") });
        const QString target = m_dir.filePath(QStringLiteral("alice.csv"));
        QString suggestedDir;
        const auto saved = onNextModal<QFileDialog>([&](QFileDialog* files) {
            suggestedDir = files->directory().absolutePath();
            files->selectFile(target);
            static_cast<QDialog*>(files)->accept();
        });
        QTest::mouseClick(find<QPushButton>(view, "exportCsvButton"), Qt::LeftButton);
        QTRY_VERIFY(*saved);
        auto* banner = find<ui::Banner>(view, "bannerFrame");
        QTRY_VERIFY(banner->message().contains(QLatin1String("readable only by you")));
        QVERIFY(!view->isBusy());
        QVERIFY(suggestedDir.endsWith(QLatin1String("Art32 exports")));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        const long long alices = superCount("SELECT count(*) FROM art32.audit_events WHERE actor = 'alice'");
        QCOMPARE(lines.size(), alices + 2); // header, rows, the empty piece after the last line break
        for (int i = 1; i < lines.size() - 1; ++i)
            QVERIFY(lines[i].split(',').value(2) == "alice");
        QVERIFY(banner->message().contains(QString::number(alices)));
    }

    void whoSawThisCustomersDataInOneClick()
    {
        Settings settings(m_dir.filePath(QStringLiteral("jump.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        MainWindow* w = console.mainWindow();
        w->showView(1);
        auto* accounts = find<ui::AccountsView>(w, "accountsWidget");
        QTRY_VERIFY(accounts->model()->rowCount() > 3);
        find<QTableView>(accounts, "accountsTableView")->selectRow(3);
        const qint64 id = accounts->model()->account(3).id;
        auto* panel = accounts->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton); // a read to find
        QTRY_VERIFY(panel->isRevealed());
        auto* whoSaw = find<QPushButton>(panel, "whoSawButton");
        QVERIFY(whoSaw->isVisible() && whoSaw->isEnabled());
        QTest::mouseClick(whoSaw, Qt::LeftButton);
        auto* stack = find<QStackedWidget>(w, "viewStackedWidget");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("auditWidget"));
        auto* view = find<ui::AuditView>(w, "auditWidget");
        QCOMPARE(find<QLineEdit>(view, "accountLineEdit")->text(), QString::number(id));
        QTRY_VERIFY(!view->model()->isLoading() && view->model()->rowCount() > 0);
        bool revealSeen = false;
        for (int i = 0; i < view->model()->rowCount(); ++i) {
            const audit::Entry& e = view->model()->event(i);
            QCOMPARE(e.accountId, std::optional<qint64>(id));
            revealSeen = revealSeen || (e.action == QLatin1String("records.reveal") && e.actor == m_cto.profile.user);
        }
        QVERIFY(revealSeen);
        QVERIFY2(find<QLabel>(view, "auditStatusLabel")->text().contains(QStringLiteral("of account %1").arg(id)),
                 qPrintable(find<QLabel>(view, "auditStatusLabel")->text()));
        // Also for an auditor, who may never read the data itself but may see who did.
        Console second(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(second, m_aud);
        second.mainWindow()->showView(1);
        auto* audAccounts = find<ui::AccountsView>(second.mainWindow(), "accountsWidget");
        QTRY_VERIFY(audAccounts->model()->rowCount() > 3);
        find<QTableView>(audAccounts, "accountsTableView")->selectRow(3);
        QTest::mouseClick(find<QPushButton>(audAccounts->panel(), "whoSawButton"), Qt::LeftButton);
        auto* audView = find<ui::AuditView>(second.mainWindow(), "auditWidget");
        QTRY_VERIFY(!audView->model()->isLoading() && audView->model()->rowCount() > 0);
        QCOMPARE(audView->model()->filter().account, std::optional<qint64>(id));
    }

    void verifyGivesAVerdictThatIsItselfAnEvent()
    {
        Settings settings(m_dir.filePath(QStringLiteral("verify.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        auto* view = openAudit(console);
        const long long last = superCount("SELECT max(seq) FROM art32.audit_events");
        const long long before = superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify'");
        QTest::mouseClick(find<QPushButton>(view, "verifyChainButton"), Qt::LeftButton);
        QVERIFY(view->isBusy());
        QVERIFY(find<QPushButton>(view, "auditCancelButton")->isVisible());
        QTRY_VERIFY(!view->isBusy());
        QVERIFY2(view->verdict().startsWith(QStringLiteral("Chain intact up to seq %1").arg(last)),
                 qPrintable(view->verdict()));
        // The verify's outcome is an event of its own, by the auditor, and the table shows it on top.
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify' AND object = "
                            "'intact' AND actor = '"
                            + m_aud.profile.user.toStdString() + "'"),
                 before + 1);
        QTRY_VERIFY(!view->model()->isLoading() && view->model()->rowCount() > 0);
        QCOMPARE(view->model()->event(0).action, QStringLiteral("audit.verify"));
        QCOMPARE(view->model()->data(view->model()->index(0, ui::AuditModel::Action)).toString(),
                 QStringLiteral("Verified the audit chain"));
    }

    void verifyNamesARowForgedBySuperuser()
    {
        // The attack: a superuser edits an event with the append-only trigger off, leaving its hash as it was.
        const long long forged = superCount("SELECT min(seq) FROM art32.audit_events WHERE detail->>'n' = '250'");
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE actor = 'bob' AND seq = "
                            + std::to_string(forged)),
                 1LL); // 250 % 3 == 1: bob's event
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update; "
                            "UPDATE art32.audit_events SET actor = 'nobody' WHERE seq = "
                                + std::to_string(forged)
                                + "; ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update");
        Settings settings(m_dir.filePath(QStringLiteral("forged.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        auto* view = openAudit(console);
        QTest::mouseClick(find<QPushButton>(view, "verifyChainButton"), Qt::LeftButton);
        QTRY_VERIFY(!view->isBusy());
        const QString verdict = view->verdict();
        QVERIFY2(verdict.startsWith(QStringLiteral("Chain broken at seq %1: an edited row.").arg(forged)),
                 qPrintable(verdict));
        QVERIFY2(verdict.contains(QStringLiteral("Intact up to seq %1").arg(forged - 1)), qPrintable(verdict));
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify' AND object = "
                            "'edited_row' AND (detail->>'broken')::bigint = "
                            + std::to_string(forged)),
                 1LL);
        // Put it back: the hash still matches the original row.
        test::superuserExec(m_db,
                            "ALTER TABLE art32.audit_events DISABLE TRIGGER audit_events_no_update; "
                            "UPDATE art32.audit_events SET actor = 'bob' WHERE seq = "
                                + std::to_string(forged)
                                + "; ALTER TABLE art32.audit_events ENABLE ALWAYS TRIGGER audit_events_no_update");
        QTest::mouseClick(find<QPushButton>(view, "verifyChainButton"), Qt::LeftButton);
        QTRY_VERIFY(!view->isBusy());
        QVERIFY2(view->verdict().startsWith(QLatin1String("Chain intact")), qPrintable(view->verdict()));
    }

    void verifyCancelsWithoutAVerdict()
    {
        // Long enough that the verify looks at its cancel flag (every 16384 events).
        test::seedAuditEvents(m_db,
                              ("SELECT 'alice' AS actor, 'unlock.ok' AS action, 'x' AS "
                               "object, '{}'::jsonb AS detail FROM generate_series(1, "
                               "17000) ORDER BY 1"));
        Settings settings(m_dir.filePath(QStringLiteral("cancel.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_aud);
        auto* view = openAudit(console);
        QTRY_VERIFY(!view->model()->isLoading());
        // Hold the session's worker, so Cancel is pressed before the verify starts: no race with its progress.
        QSemaphore hold;
        QObject owner;
        console.session()->request(
            &owner,
            [&hold](Services&) {
                hold.acquire();
                return Result<int>(0);
            },
            [](Result<int>) {});
        const long long verifies = superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify'");
        QTest::mouseClick(find<QPushButton>(view, "verifyChainButton"), Qt::LeftButton);
        QTest::mouseClick(find<QPushButton>(view, "auditCancelButton"), Qt::LeftButton);
        hold.release();
        QTRY_VERIFY(!view->isBusy());
        QVERIFY2(view->verdict().isEmpty(), qPrintable(view->verdict()));
        QVERIFY2(find<ui::Banner>(view, "bannerFrame")->message().contains(QLatin1String("cancelled")),
                 qPrintable(find<ui::Banner>(view, "bannerFrame")->message()));
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'audit.verify'"), verifies);
    }
};

QTEST_MAIN(TestAuditGui)
#include "tst_audit_gui.moc"
