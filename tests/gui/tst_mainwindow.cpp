#include "TestSupport.h"
#include "access/AccessView.h"
#include "access/KeysPanel.h"
#include "accounts/AccountPanel.h"
#include "accounts/AccountsModel.h"
#include "accounts/AccountsView.h"
#include "auth/KeyRing.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "keychain/Keychain.h"
#include "main/AboutDialog.h"
#include "main/Console.h"
#include "main/IdleWatcher.h"
#include "main/MainWindow.h"
#include "main/ScreenLockWatcher.h"
#include "records/Seeder.h"
#include "session/Session.h"
#include "settings/SettingsDialog.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"
#include "widgets/StatusTile.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusObjectPath>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <memory>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <sodium.h>

using namespace art32;
using art32::ui::Console;
using art32::ui::MainWindow;

/**
 * The GUI offscreen against the harness's PostgreSQL and Secret Service: unlock dialog → main window with
 * the role's views → lock (Ctrl+L, idle, screen lock) wipes and returns to the dialog; Dutch at start and live.
 */
/** Plays systemd-logind's manager on the private session bus: this process's session is session "_32". */
class FakeLogind : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.freedesktop.login1.Manager")

public slots:
    QDBusObjectPath GetSessionByPID(uint)
    {
        return QDBusObjectPath(QStringLiteral("/org/freedesktop/login1/session/_32"));
    }
};

class TestMainWindow : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console GUI test %1").arg(QUuid::createUuid().toString()) };
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

    static void typeCode(Console& console, const QString& code)
    {
        auto* edit = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
        QTRY_VERIFY(edit->isEnabled());
        edit->clear();
        QTest::keyClicks(edit, code);
        QTest::mouseClick(find<QPushButton>(console.unlockDialog(), "unlockButton"), Qt::LeftButton);
    }

    /** Starts a console on a profile and unlocks it through the dialog, as a person would. */
    void unlockAs(Console& console, const test::TestAdmin& admin)
    {
        QVERIFY(console.start(admin.profile.name));
        QVERIFY(console.unlockDialog()->isVisible());
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        typeCode(console, nextCode(admin));
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        QVERIFY(!console.unlockDialog()->isVisible());
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }

    static QStringList menuTitles(MainWindow& w)
    {
        QStringList titles;
        for (QAction* a : w.menuBar()->actions())
            titles << a->text();
        return titles;
    }

    void seedAccounts()
    {
        // As the platform would write them (the superuser here), with the CTO's keys.
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        KeyRing ring;
        QVERIFY(ring.load(super, m_cto.publicKey, SecureBytes::fromByteArray(priv.secret)));
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 450, 11);
            });
        });
        QVERIFY(written);
        wipe(priv.secret);
    }

    ui::AccountsView* openAccounts(Console& console)
    {
        MainWindow* w = console.mainWindow();
        w->showView(1);
        auto* view = find<ui::AccountsView>(w, "accountsWidget");
        return view;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_g"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        seedAccounts();
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    void ctoUnlocksIntoItsViews()
    {
        Settings settings(m_dir.filePath(QStringLiteral("a.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        MainWindow* w = console.mainWindow();
        QCOMPARE(w->viewNames(),
                 (QStringList { QStringLiteral("overviewWidget"), QStringLiteral("accountsWidget"),
                                QStringLiteral("accessWidget"), QStringLiteral("auditWidget"),
                                QStringLiteral("backupsWidget"), QStringLiteral("incidentsView") }));
        QCOMPARE(w->windowTitle(), QStringLiteral("tst_g_cto")); // the platform appends the application name
        QCOMPARE(find<QLabel>(w, "roleLabel")->text(), QStringLiteral("Role: CTO"));
        QCOMPARE(find<QLabel>(w, "connectionLabel")->text(), QStringLiteral("Unlocked"));
        QVERIFY(find<QLabel>(w, "autoLockLabel")->text().startsWith(QLatin1String("Auto-lock in 10:00")));
        QCOMPARE(find<ui::StatusTile>(w, "connectionTile")->level(), ui::Level::Ok);
        QCOMPARE(find<ui::StatusTile>(w, "schemaTile")->level(), ui::Level::Ok);
        auto* keys = find<ui::StatusTile>(w, "keysTile");
        QCOMPARE(keys->level(), ui::Level::Ok);
        QVERIFY(keys->reason().contains(QLatin1String("version 1")));

        // The Access view lists the admins the server lets a CTO see.
        w->showView(2);
        auto* access = find<ui::AccessView>(w, "accessWidget");
        QAbstractItemModelTester tester(access->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(access->model()->rowCount(), 3);
        QCOMPARE(access->model()->index(0, ui::AdminsModel::Login).data().toString(), QStringLiteral("tst_g_aud"));
        QCOMPARE(access->model()->index(0, ui::AdminsModel::Role).data().toString(), QStringLiteral("Auditor"));
    }

    void accountsOpenPageByPageAndRevealIsMarkedAndAudited()
    {
        Settings settings(m_dir.filePath(QStringLiteral("acc.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        QAbstractItemModelTester tester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(view->model()->rowCount(), ui::AccountsModel::kPageSize); // one page, not the table
        auto* table = find<QTableView>(view, "accountsTableView");
        // More pages on demand: scrolling to the end makes the view ask the model for more; each account once.
        auto* model = view->model();
        QTRY_VERIFY2((table->scrollToBottom(), model->rowCount() == 450),
                     qPrintable(QStringLiteral("rows %1 loading %2 more %3")
                                    .arg(model->rowCount())
                                    .arg(model->isLoading())
                                    .arg(model->canFetchMore({}))));
        QVERIFY(!model->canFetchMore({}));
        QSet<qint64> ids;
        for (int i = 0; i < view->model()->rowCount(); ++i)
            ids.insert(view->model()->account(i).id);
        QCOMPARE(ids.size(), 450);
        QCOMPARE(table->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);

        table->selectRow(0);
        auto* panel = view->panel();
        auto* records = find<QTableWidget>(panel, "recordsTableWidget");
        QCOMPARE(records->rowCount(), 0); // nothing decrypted before Reveal
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        QVERIFY(records->rowCount() >= 4);
        QVERIFY(find<QLabel>(panel, "revealedLabel")->isVisible());
        QVERIFY(find<QLabel>(panel, "revealedLabel")->accessibleName().contains(QLatin1String("audited")));
        QVERIFY(find<QLabel>(panel, "revealedLabel")->text().contains(QLatin1String("status-warning")));
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.reveal' AND actor = "
                            "'tst_g_cto' AND object = '1'"),
                 1LL);

        // Copy: on the clipboard with the password-manager hint, cleared by the panel's timer.
        records->selectRow(0);
        QTest::mouseClick(find<QPushButton>(panel, "copyButton"), Qt::LeftButton);
        const QMimeData* mime = QApplication::clipboard()->mimeData();
        QCOMPARE(mime->text(), records->item(0, 2)->text());
        QCOMPARE(mime->data(QStringLiteral("x-kde-passwordManagerHint")), QByteArrayLiteral("secret"));

        // A view change hides the plaintext.
        console.mainWindow()->showView(0);
        QVERIFY(!panel->isRevealed());
        QCOMPARE(records->rowCount(), 0);
    }

    void exactSearchFindsTheAccount()
    {
        Settings settings(m_dir.filePath(QStringLiteral("search.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        QTRY_VERIFY(view->model()->rowCount() > 0);
        find<QTableView>(view, "accountsTableView")->selectRow(3);
        const qint64 id = view->model()->account(3).id;
        QTest::mouseClick(find<QPushButton>(view->panel(), "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(view->panel()->isRevealed());
        QString email;
        for (const PlainRecord& r : view->panel()->records())
            if (r.kind == RecordKind::Email && email.isEmpty())
                email = QString::fromUtf8(r.value);
        auto* mode = find<QComboBox>(view, "searchModeComboBox");
        mode->setCurrentIndex(2); // e-mail
        auto* edit = find<QLineEdit>(view, "searchLineEdit");
        edit->setText(email.toUpper());
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(view->model()->rowCount() >= 1 && view->model()->rowCount() < 5);
        bool found = false;
        for (int i = 0; i < view->model()->rowCount(); ++i)
            found = found || view->model()->account(i).id == id;
        QVERIFY(found);
    }

    void conflictingEditKeepsTheInput()
    {
        Settings settings(m_dir.filePath(QStringLiteral("edit.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        QTRY_VERIFY(view->model()->rowCount() > 0);
        find<QTableView>(view, "accountsTableView")->selectRow(5);
        auto* panel = view->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        auto* records = find<QTableWidget>(panel, "recordsTableWidget");
        int nameRow = -1;
        for (int i = 0; i < panel->records().size(); ++i)
            if (panel->records().at(i).kind == RecordKind::Name && nameRow < 0)
                nameRow = i;
        QVERIFY(nameRow >= 0);
        const qint64 recordId = panel->records().at(nameRow).id;
        records->selectRow(nameRow);
        QTest::mouseClick(find<QPushButton>(panel, "editButton"), Qt::LeftButton);
        auto* edit = find<QLineEdit>(panel, "valueLineEdit");
        edit->setText(QStringLiteral("Pietje Puk"));
        // Someone else saves first.
        test::superuserExec(m_db,
                            "UPDATE art32.records SET version = version + 1 WHERE id = " + std::to_string(recordId));
        QTest::mouseClick(find<QPushButton>(panel, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(find<QLabel>(panel, "editMessageLabel")->text().contains(QLatin1String("Someone saved")));
        QCOMPARE(edit->text(), QStringLiteral("Pietje Puk"));
        QVERIFY(find<QPushButton>(panel, "reloadButton")->isVisible());
        // Invalid input is refused before anything is sent.
        int emailRow = -1;
        for (int i = 0; i < panel->records().size(); ++i)
            if (panel->records().at(i).kind == RecordKind::Email && emailRow < 0)
                emailRow = i;
        records->selectRow(emailRow);
        QTest::mouseClick(find<QPushButton>(panel, "editButton"), Qt::LeftButton);
        edit->setText(QStringLiteral("not an address"));
        QTest::mouseClick(find<QPushButton>(panel, "saveButton"), Qt::LeftButton);
        QVERIFY(find<QLabel>(panel, "editMessageLabel")->text().contains(QLatin1String("e-mail address")));
    }

    void ctoGrantsASysadminAccessFromThePanel()
    {
        Settings settings(m_dir.filePath(QStringLiteral("grant.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        QTRY_VERIFY(view->model()->rowCount() > 0);
        find<QTableView>(view, "accountsTableView")->selectRow(8);
        const qint64 id = view->model()->account(8).id;
        bool filled = false;
        int whoCount = -1;
        QString whoText;
        // The dialog is modal and opens once the admins are loaded: poll for it, fill it in as a person would.
        QTimer poll;
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (!dialog || filled)
                return;
            auto* who = dialog->findChild<QComboBox*>(QStringLiteral("grantAdminComboBox"));
            whoCount = who->count();
            whoText = who->currentText();
            dialog->findChild<QLineEdit*>(QStringLiteral("grantReasonLineEdit"))
                ->setText(QStringLiteral("ticket 99: wrong address"));
            filled = true;
            dialog->accept();
        });
        poll.start(10);
        QTest::mouseClick(find<QPushButton>(view->panel(), "grantButton"), Qt::LeftButton);
        QTRY_VERIFY(filled);
        poll.stop();
        QCOMPARE(whoCount, 1); // only sysadmins, never auditors or CTOs
        QVERIFY(whoText.contains(QLatin1String("tst_g_sys")));
        QTRY_COMPARE(superCount("SELECT count(*) FROM art32.access_grants g JOIN art32.admins a ON a.id = g.admin_id "
                                "WHERE a.login = 'tst_g_sys' AND g.account_id = "
                                + std::to_string(id)),
                     1LL);
        QTRY_VERIFY(find<ui::Banner>(view->panel(), "bannerFrame")->message().contains(QLatin1String("audited")));
    }

    /**
     * Clicks Yes in the next question box (modal, so it is polled for, for at most five seconds); the flag it
     * returns says whether it did. Shared, as the polling may outlive the caller's frame.
     */
    std::shared_ptr<bool> answerYesSoon(std::shared_ptr<bool> answered = std::make_shared<bool>(false), int tries = 500)
    {
        QTimer::singleShot(10, this, [this, answered, tries] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box) {
                if (tries > 0)
                    answerYesSoon(answered, tries - 1);
                return;
            }
            // The confirming button is named for its action (never a plain Yes): the one that is not Cancel.
            for (QAbstractButton* b : box->buttons())
                if (box->buttonRole(b) == QMessageBox::AcceptRole || box->buttonRole(b) == QMessageBox::DestructiveRole
                    || box->buttonRole(b) == QMessageBox::YesRole) {
                    b->click();
                    break;
                }
            *answered = true;
        });
        return answered;
    }

    void ctoRevokesAGrantFromTheAccessView()
    {
        // A grant of 2 hours by the server's clock, made here by the superuser.
        test::superuserExec(m_db,
                            "INSERT INTO art32.access_grants (admin_id, account_id, reason, granted_by, "
                            "granted_at, expires_at) SELECT id, 17, 'ticket 7: revoke me', 'tst_g_cto', "
                            "art32.now(), art32.now() + interval '2 hours' FROM art32.admins "
                            "WHERE login = 'tst_g_sys'");
        const long long grant = superCount("SELECT max(id) FROM art32.access_grants");
        Settings settings(m_dir.filePath(QStringLiteral("revoke.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        console.mainWindow()->showView(2);
        auto* access = find<ui::AccessView>(console.mainWindow(), "accessWidget");
        QAbstractItemModelTester tester(access->grantsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        find<QTabWidget>(access, "accessTabWidget")->setCurrentWidget(find<QWidget>(access, "grantsPage"));
        auto* model = access->grantsModel();
        QTRY_VERIFY(model->rowCount() > 0);
        int row = -1;
        for (int r = 0; r < model->rowCount(); ++r)
            if (model->rows().at(r).id == grant)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, ui::GrantsModel::State).data().toString(), QStringLiteral("active"));
        QCOMPARE(model->index(row, ui::GrantsModel::Admin).data().toString(), QStringLiteral("tst_g_sys"));
        auto* revoke = find<QPushButton>(access, "revokeGrantButton");
        QVERIFY(revoke->isVisible());
        QVERIFY(!revoke->isEnabled()); // nothing selected yet
        find<QTableView>(access, "grantsTableView")->selectRow(row);
        QVERIFY(revoke->isEnabled());
        const auto answered = answerYesSoon();
        QTest::mouseClick(revoke, Qt::LeftButton);
        QVERIFY(*answered);
        QTRY_COMPARE(superCount("SELECT count(*) FROM art32.access_grants WHERE revoked_at IS NOT NULL AND id = "
                                + std::to_string(grant)),
                     1LL);
        QTRY_VERIFY(find<ui::Banner>(access, "bannerFrame")->message().contains(QLatin1String("no longer")));
        QTRY_COMPARE(model->rows().at(row).state, AccessGrant::State::Revoked);
        QVERIFY(!revoke->isEnabled()); // an ended grant cannot be revoked again
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'access.revoke' AND object = '17'"),
                 1LL);

        // The auditor reads the same list but has no Revoke and no Keys page.
        Settings settings2(m_dir.filePath(QStringLiteral("revoke-aud.ini")));
        Console auditor(&settings2, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(auditor, m_aud);
        auditor.mainWindow()->showView(2);
        auto* seen = find<ui::AccessView>(auditor.mainWindow(), "accessWidget");
        find<QTabWidget>(seen, "accessTabWidget")->setCurrentWidget(find<QWidget>(seen, "grantsPage"));
        QTRY_VERIFY(seen->grantsModel()->rowCount() > 0);
        QVERIFY(!find<QPushButton>(seen, "revokeGrantButton")->isVisible());
        // Admins, Requests, Grants; no actions anywhere, and no Keys page.
        QCOMPARE(find<QTabWidget>(seen, "accessTabWidget")->count(), 3);
        for (const char* action :
             { "approveRequestButton", "refuseRequestButton", "createAdminButton", "disableAdminButton",
               "changeRoleButton", "resetEnrollmentButton", "sealKeysButton", "revokeKeysButton" })
            QVERIFY2(!find<QPushButton>(seen, action)->isVisible(), action);
        QVERIFY(!seen->keysPanel());
    }

    void ctoRotatesTheKekFromTheKeysPageAndEverythingStaysReadable()
    {
        Settings settings(m_dir.filePath(QStringLiteral("rotate.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        console.mainWindow()->showView(2);
        auto* access = find<ui::AccessView>(console.mainWindow(), "accessWidget");
        auto* keys = access->keysPanel();
        QVERIFY(keys);
        find<QTabWidget>(access, "accessTabWidget")->setCurrentWidget(keys);
        const int before = static_cast<int>(superCount("SELECT max(version) FROM art32.kek_versions"));
        QTRY_VERIFY(
            find<QLabel>(keys, "keysStatusLabel")->text().contains(QStringLiteral("KEK version %1").arg(before)));
        auto* rotate = find<QPushButton>(keys, "rotateKekButton");
        QTRY_VERIFY(rotate->isEnabled());
        const auto answered = answerYesSoon();
        QTest::mouseClick(rotate, Qt::LeftButton);
        QVERIFY(*answered);
        QTRY_VERIFY_WITH_TIMEOUT(
            find<ui::Banner>(keys, "bannerFrame")->message().contains(QStringLiteral("now version %1").arg(before + 1)),
            20000);
        QCOMPARE(
            superCount("SELECT count(*) FROM art32.account_keys WHERE kek_version <> " + std::to_string(before + 1)),
            0LL);
        QTRY_VERIFY(
            find<QLabel>(keys, "keysStatusLabel")->text().contains(QStringLiteral("KEK version %1").arg(before + 1)));
        QVERIFY(!keys->isRotating());
        QTRY_VERIFY(find<ui::StatusTile>(console.mainWindow(), "keysTile")
                        ->reason()
                        .contains(QStringLiteral("version %1").arg(before + 1)));
        // The same session reads with the new key: the ring took the new version in.
        auto* view = openAccounts(console);
        QTRY_VERIFY(view->model()->rowCount() > 0);
        find<QTableView>(view, "accountsTableView")->selectRow(3);
        QTest::mouseClick(find<QPushButton>(view->panel(), "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(view->panel()->isRevealed());
    }

    /** Fills in and accepts the modal dialog named name once it shows (as a person would). */
    void fillDialogSoon(const char* name, const char* lineEdit, const QString& text, bool* done)
    {
        auto* poll = new QTimer(this);
        connect(poll, &QTimer::timeout, this, [poll, name, lineEdit, text, done] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            if (!dialog || dialog->objectName() != QLatin1String(name))
                return;
            dialog->findChild<QLineEdit*>(QLatin1String(lineEdit))->setText(text);
            *done = true;
            poll->deleteLater();
            dialog->accept();
        });
        poll->start(10);
    }

    void sysadminAsksForAccessACtoApprovesAndARefusedReadIsTranslated()
    {
        Settings settings(m_dir.filePath(QStringLiteral("sysacc.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        auto* view = openAccounts(console);
        QTRY_VERIFY(view->model()->rowCount() > 3);
        auto* table = find<QTableView>(view, "accountsTableView");
        table->selectRow(2);
        const qint64 id = view->model()->account(2).id;
        auto* panel = view->panel();
        // No Reveal that can only fail: "Request access…" instead, and what the sysadmin may do.
        QTRY_VERIFY(find<QPushButton>(panel, "requestAccessButton")->isVisible());
        QVERIFY(!find<QPushButton>(panel, "revealButton")->isVisible());
        QVERIFY(find<QLabel>(panel, "accessLabel")->text().contains(QLatin1String("may ask")));

        bool asked = false;
        fillDialogSoon("requestAccessDialog", "requestReasonLineEdit", QStringLiteral("ticket 31: wrong invoice"),
                       &asked);
        QTest::mouseClick(find<QPushButton>(panel, "requestAccessButton"), Qt::LeftButton);
        QVERIFY(asked);
        QTRY_VERIFY(find<QPushButton>(panel, "withdrawRequestButton")->isVisible());
        QVERIFY(find<QLabel>(panel, "accessLabel")->text().contains(QLatin1String("pending")));
        const std::string account = std::to_string(id);
        QCOMPARE(superCount("SELECT count(*) FROM art32.access_requests WHERE state = 'pending' AND minutes = 240 AND "
                            "account_id = "
                            + account),
                 1LL);

        // The CTO approves it in the Requests tab.
        Settings ctoSettings(m_dir.filePath(QStringLiteral("sysacc-cto.ini")));
        Console cto(&ctoSettings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(cto, m_cto);
        cto.mainWindow()->showView(2);
        auto* access = find<ui::AccessView>(cto.mainWindow(), "accessWidget");
        find<QTabWidget>(access, "accessTabWidget")->setCurrentWidget(find<QWidget>(access, "requestsPage"));
        QTRY_VERIFY(access->requestsModel()->rowCount() > 0);
        int row = -1;
        for (int r = 0; r < access->requestsModel()->rowCount(); ++r)
            if (access->requestsModel()->rows().at(r).accountId == id)
                row = r;
        QVERIFY(row >= 0);
        QCOMPARE(access->requestsModel()->index(row, ui::RequestsModel::Duration).data().toString(),
                 QStringLiteral("4 h"));
        auto* approve = find<QPushButton>(access, "approveRequestButton");
        QVERIFY(approve->isVisible() && !approve->isEnabled());
        find<QTableView>(access, "requestsTableView")->selectRow(row);
        QVERIFY(approve->isEnabled());
        bool decided = false;
        fillDialogSoon("decideRequestDialog", "decisionCommentLineEdit", QStringLiteral("ok"), &decided);
        QTest::mouseClick(approve, Qt::LeftButton);
        QVERIFY(decided);
        QTRY_COMPARE(superCount("SELECT count(*) FROM art32.access_requests WHERE state = 'approved' AND account_id = "
                                + account),
                     1LL);
        // The Admins tab says who unlocked when and holds which keys.
        QTRY_VERIFY(access->model()->rowCount() >= 3);
        for (int r = 0; r < access->model()->rowCount(); ++r)
            if (access->model()->rows().at(r).admin.login == QLatin1String("tst_g_cto")) {
                QVERIFY(access->model()->index(r, ui::AdminsModel::LastUnlock).data().toString()
                        != QLatin1String("never"));
                QVERIFY(access->model()
                            ->index(r, ui::AdminsModel::Keys)
                            .data()
                            .toString()
                            .startsWith(QLatin1String("KEK ")));
            }

        // The sysadmin's panel now offers Reveal, with the time left.
        table->selectRow(3);
        table->selectRow(2);
        QTRY_VERIFY(find<QPushButton>(panel, "revealButton")->isVisible());
        const QString left = find<QLabel>(panel, "accessLabel")->text();
        QVERIFY2(left == QLatin1String("You may read this account for 4 h.")
                     || left.startsWith(QLatin1String("You may read this account for 3 h 59 min")),
                 qPrintable(left));
        QVERIFY(!find<QPushButton>(panel, "requestAccessButton")->isVisible());
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());

        // Revoked meanwhile: the read is refused, audited, and said in the console's own words.
        panel->conceal();
        test::superuserExec(m_db, "UPDATE art32.access_grants SET revoked_at = now() WHERE account_id = " + account);
        const long long refused = superCount(
            "SELECT count(*) FROM art32.audit_events WHERE action = 'records.refused' AND object = '" + account + "'");
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(find<ui::Banner>(panel, "bannerFrame")->isVisible());
        const QString message = find<ui::Banner>(panel, "bannerFrame")->message();
        QVERIFY(message.contains(QLatin1String("refused")));
        QVERIFY(!message.contains(QLatin1String("you may not read"))); // not the server's raw text
        QVERIFY(!panel->isRevealed());
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.refused' AND object = '"
                            + account + "'"),
                 refused + 1);
        QTRY_VERIFY(find<QPushButton>(panel, "requestAccessButton")->isVisible());

        Settings settings2(m_dir.filePath(QStringLiteral("audacc.ini")));
        Console auditor(&settings2, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(auditor, m_aud);
        auto* aview = openAccounts(auditor);
        QTRY_VERIFY(aview->model()->rowCount() > 0);
        find<QTableView>(aview, "accountsTableView")->selectRow(0);
        QVERIFY(!find<QPushButton>(aview->panel(), "revealButton")->isEnabled());
    }

    void sysadminSeesNoAccessView()
    {
        Settings settings(m_dir.filePath(QStringLiteral("b.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_sys);
        QCOMPARE(console.mainWindow()->viewNames(),
                 (QStringList { QStringLiteral("overviewWidget"), QStringLiteral("accountsWidget"),
                                QStringLiteral("auditWidget"), QStringLiteral("backupsWidget"),
                                QStringLiteral("incidentsView") }));
        QCOMPARE(find<ui::StatusTile>(console.mainWindow(), "keysTile")->level(), ui::Level::Ok);
    }

    void wrongCodeKeepsTheDialogWithAReason()
    {
        Settings settings(m_dir.filePath(QStringLiteral("c.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QVERIFY(console.start(m_aud.profile.name));
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        const QString right = nextCode(m_aud);
        typeCode(console, QString::number((right.toInt() + 500000) % 1000000).rightJustified(6, QLatin1Char('0')));
        auto* message = find<QLabel>(console.unlockDialog(), "messageLabel");
        QTRY_VERIFY(message->text().startsWith(QLatin1String("Wrong code")));
        QVERIFY(console.unlockDialog()->isVisible());
        QVERIFY(!console.mainWindow());
        QVERIFY(find<QLineEdit>(console.unlockDialog(), "codeLineEdit")->text().isEmpty());
    }

    void ctrlLLocksWipesAndReturnsToTheDialog()
    {
        Settings settings(m_dir.filePath(QStringLiteral("d.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        QCOMPARE(test::unlockedBackends(m_db, QStringLiteral("tst_g_cto")), 1LL);
        QPointer<MainWindow> window = console.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        QTest::keyClick(window, Qt::Key_L, Qt::ControlModifier);
        QTRY_VERIFY(window.isNull()); // the window and every view that showed data are gone
        QVERIFY(console.unlockDialog()->isVisible());
        QCOMPARE(console.session()->state(), Session::State::Locked);
        QCOMPARE(console.session()->serverInfo().keys, ServerInfo::Keys::NotLoaded);
        QTRY_COMPARE(test::unlockedBackends(m_db, QStringLiteral("tst_g_cto")), 0LL);
        // And a new code unlocks again.
        typeCode(console, nextCode(m_cto));
        QTRY_VERIFY(console.mainWindow());
    }

    void lockingWhileADialogIsOpenEndsTheDialogFirst()
    {
        Settings settings(m_dir.filePath(QStringLiteral("i.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        QPointer<MainWindow> window = console.mainWindow();
        // The idle lock fires while Settings runs its own event loop: no crash, the dialog ends, the window goes.
        QTimer::singleShot(200, &console, &Console::lockNow);
        window->showSettings();
        QTRY_VERIFY(window.isNull());
        QVERIFY(console.unlockDialog()->isVisible());
        QCOMPARE(console.session()->state(), Session::State::Locked);
    }

    void idleLocksAfterTheTimeout()
    {
        Settings settings(m_dir.filePath(QStringLiteral("e.ini")));
        settings.set(Settings::Key::IdleLockMinutes, 2);
        ManualClock clock(QDateTime::currentDateTimeUtc());
        Console console(&settings, m_profiles.get(), &m_keychain, clock);
        unlockAs(console, m_sys);
        QVERIFY(console.idleWatcher()->isActive());
        QCOMPARE(console.idleWatcher()->remainingSeconds(), 120);
        clock.advance(119);
        console.idleWatcher()->check();
        QVERIFY(console.mainWindow());
        console.idleWatcher()->touch(); // activity resets the countdown
        clock.advance(119);
        console.idleWatcher()->check();
        QVERIFY(console.mainWindow());
        clock.advance(2);
        console.idleWatcher()->check();
        QTRY_VERIFY(!console.mainWindow());
        QVERIFY(
            find<QLabel>(console.unlockDialog(), "messageLabel")->text().contains(QLatin1String("without activity")));
        QCOMPARE(console.session()->state(), Session::State::Locked);
    }

    void screenLockLocks()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        QVERIFY(bus.isConnected());
        Settings settings(m_dir.filePath(QStringLiteral("f.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        // Stand in for the desktop's screen saver: own its name and announce that the screen locked.
        QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.ScreenSaver")));
        QDBusMessage signal = QDBusMessage::createSignal(QStringLiteral("/org/freedesktop/ScreenSaver"),
                                                         QStringLiteral("org.freedesktop.ScreenSaver"),
                                                         QStringLiteral("ActiveChanged"));
        signal << true;
        QVERIFY(bus.send(signal));
        QTRY_VERIFY(!console.mainWindow());
        QVERIFY(find<QLabel>(console.unlockDialog(), "messageLabel")->text().contains(QLatin1String("screen")));
        bus.unregisterService(QStringLiteral("org.freedesktop.ScreenSaver"));
    }

    void logindLockAndSleepLock()
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        FakeLogind logind;
        QVERIFY(bus.registerService(QStringLiteral("org.freedesktop.login1")));
        QVERIFY(
            bus.registerObject(QStringLiteral("/org/freedesktop/login1"), &logind, QDBusConnection::ExportAllSlots));
        auto signal = [](const QString& path, const char* interface, const char* name, QVariantList args = {}) {
            QDBusMessage m = QDBusMessage::createSignal(path, QLatin1String(interface), QLatin1String(name));
            m.setArguments(args);
            return m;
        };
        const QDBusMessage ownLock
            = signal(QStringLiteral("/org/freedesktop/login1/session/_32"), "org.freedesktop.login1.Session", "Lock");
        const QDBusMessage otherLock
            = signal(QStringLiteral("/org/freedesktop/login1/session/_33"), "org.freedesktop.login1.Session", "Lock");
        const QDBusMessage wake = signal(QStringLiteral("/org/freedesktop/login1"), "org.freedesktop.login1.Manager",
                                         "PrepareForSleep", { false });
        const QDBusMessage sleep = signal(QStringLiteral("/org/freedesktop/login1"), "org.freedesktop.login1.Manager",
                                          "PrepareForSleep", { true });

        ui::ScreenLockWatcher watcher(nullptr, bus);
        QSignalSpy locked(&watcher, &ui::ScreenLockWatcher::locked);
        // The watcher asks logind for its session first; until it has the answer, a Lock passes unseen.
        QTRY_VERIFY((bus.send(ownLock), locked.count() > 0));
        QCOMPARE(locked.first().first().value<ui::ScreenLockWatcher::Reason>(),
                 ui::ScreenLockWatcher::Reason::SessionLocked);
        QTest::qWait(300); // the Locks sent while waiting arrive too; then look only at what comes next
        locked.clear();
        // Another session's Lock and waking up do nothing; going to sleep locks. Signals arrive in order.
        QVERIFY(bus.send(otherLock));
        QVERIFY(bus.send(wake));
        QVERIFY(bus.send(sleep));
        QTRY_COMPARE(locked.count(), 1);
        QCOMPARE(locked.first().first().value<ui::ScreenLockWatcher::Reason>(), ui::ScreenLockWatcher::Reason::Sleep);
        bus.unregisterObject(QStringLiteral("/org/freedesktop/login1"));
        bus.unregisterService(QStringLiteral("org.freedesktop.login1"));
    }

    void missingKeychainEntryOffersSetUpAndRetry()
    {
        Profile p = m_sys.profile;
        p.name = QStringLiteral("tst_g_unset");
        QVERIFY(m_profiles->save(p));
        Settings settings(m_dir.filePath(QStringLiteral("g.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QVERIFY(console.start(p.name));
        QTRY_COMPARE(console.session()->state(), Session::State::Failed);
        QVERIFY(find<QPushButton>(console.unlockDialog(), "enrollButton")->isVisible());
        auto* retry = find<QPushButton>(console.unlockDialog(), "retryButton");
        QVERIFY(retry->isVisible());
        QVERIFY(find<QLabel>(console.unlockDialog(), "messageLabel")->text().contains(QLatin1String("no entry")));
        // The entry appears (set up elsewhere); Retry goes on without a restart.
        QVERIFY(m_keychain.writeNow(p.passwordKey(), m_keychain.readNow(m_sys.profile.passwordKey()).secret).ok());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        m_keychain.removeNow(p.passwordKey());
        m_profiles->remove(p.name);
    }

    void aboutShowsLibraryAndServerVersions()
    {
        ServerInfo info;
        info.serverVersion = QStringLiteral("15.99");
        info.schemaKnown = true;
        info.schema.current = 2;
        ui::AboutDialog about(&info);
        QCOMPARE(about.versionOf(QStringLiteral("libsodium")), QString::fromLatin1(sodium_version_string()));
        QCOMPARE(about.versionOf(QStringLiteral("Qt")), QString::fromLatin1(qVersion()));
        QVERIFY(!about.versionOf(QStringLiteral("liboath")).isEmpty());
        QVERIFY(about.versionOf(QStringLiteral("libpqxx")).startsWith(QLatin1String("6.4")));
        QCOMPARE(about.versionOf(QStringLiteral("PostgreSQL server")), QStringLiteral("15.99"));
        ui::AboutDialog offline(nullptr);
        QCOMPARE(offline.versionOf(QStringLiteral("PostgreSQL server")), QStringLiteral("not connected"));
    }

    void dutchAtStartAndSwitchedLive()
    {
        Settings settings(m_dir.filePath(QStringLiteral("h.ini")));
        settings.set(Settings::Key::Language, QStringLiteral("nl"));
        applyLanguage(settings.get(Settings::Key::Language).toString());
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QVERIFY(console.start(m_cto.profile.name));
        QCOMPARE(find<QPushButton>(console.unlockDialog(), "unlockButton")->text(), QStringLiteral("&Ontgrendelen"));
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        typeCode(console, nextCode(m_cto));
        QTRY_VERIFY(console.mainWindow());
        MainWindow& window = *console.mainWindow();
        QCOMPARE(menuTitles(window).value(0), QStringLiteral("&Bestand"));
        QCOMPARE(find<QListWidget>(&window, "sidebarListWidget")->item(0)->text(), QStringLiteral("Overzicht"));
        QCOMPARE(find<QLabel>(&window, "connectionLabel")->text(), QStringLiteral("Ontgrendeld"));

        // Through the Settings dialog, back to English, applied at once.
        ui::SettingsDialog dialog(&settings, &window);
        auto* combo = find<QComboBox>(&dialog, "languageComboBox");
        QCOMPARE(combo->itemText(0), QStringLiteral("Systeemstandaard"));
        combo->setCurrentIndex(combo->findData(QStringLiteral("en")));
        dialog.accept();
        QCOMPARE(settings.get(Settings::Key::Language).toString(), QStringLiteral("en"));
        QTRY_COMPARE(menuTitles(window).value(0), QStringLiteral("&File"));
        QCOMPARE(find<QListWidget>(&window, "sidebarListWidget")->item(2)->text(), QStringLiteral("Access"));
        // Qt's own catalogue follows too: standard buttons speak the chosen language.
        settings.set(Settings::Key::Language, QStringLiteral("nl"));
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), QStringLiteral("Annuleren"));
        applyLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
