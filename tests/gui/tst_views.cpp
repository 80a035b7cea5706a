#include "../security/SecuritySupport.h"
#include "TestSupport.h"
#include "access/AccessView.h"
#include "access/KeysPanel.h"
#include "accounts/AccountPanel.h"
#include "accounts/AccountsModel.h"
#include "accounts/AccountsView.h"
#include "auth/KeyRing.h"
#include "core/Clock.h"
#include "core/PrivateFile.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "records/Seeder.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"
#include "widgets/Banner.h"
#include "widgets/StatusTile.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUuid>
#include <functional>
#include <memory>
#include <pqxx/connection>
#include <sys/stat.h>

using namespace art32;
using art32::ui::Console;
using art32::ui::MainWindow;

/**
 * The views under the issue-11 findings, offscreen with real widgets against the harness's PostgreSQL and
 * Secret Service: the detail pane follows the selection, dialogs fit the screen and name their action, the
 * grant dialog validates in place, exports are private, the clipboard is cleared on lock, the keyboard is not
 * trapped, and the Overview tiles tell the truth and lead to the view that fixes them.
 */
class TestViews : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_views");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console views test %1").arg(QUuid::createUuid().toString()) };
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

    ui::AccountsView* openAccounts(Console& console)
    {
        console.mainWindow()->showView(1);
        auto* view = find<ui::AccountsView>(console.mainWindow(), "accountsWidget");
        [&] {
            QTRY_VERIFY(view->model()->rowCount() > 0);
        }();
        return view;
    }

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

    static QPushButton* buttonWithText(QWidget* dialog, const QString& text)
    {
        for (auto* b : dialog->findChildren<QPushButton*>())
            if (b->text().remove(QLatin1Char('&')) == text)
                return b;
        return nullptr;
    }

    long long superCount(const std::string& sql) { return test::superuserCount(m_db, sql); }

    void seedAccounts()
    {
        auto priv = m_keychain.readNow(m_cto.profile.privateKeyKey());
        pqxx::connection super(test::superuserProfile(m_db).connectionString());
        KeyRing ring;
        QVERIFY(ring.load(super, m_cto.publicKey, SecureBytes::fromByteArray(priv.secret)));
        auto written = ring.withKek(1, [&](const SecureBytes& kek) {
            return ring.withIndexKey(1, [&](const SecureBytes& index) {
                return Seeder::seed(super, Seeder::Keys { kek, 1, index, 1 }, 300, 7);
            });
        });
        QVERIFY(written);
        wipe(priv.secret);
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_v"), m_keychain);
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

    // Item 3: the detail pane never keeps an account the list no longer shows.
    void detailPaneFollowsTheSelection()
    {
        Settings settings(m_dir.filePath(QStringLiteral("pane.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        auto* table = find<QTableView>(view, "accountsTableView");
        auto* panel = view->panel();
        table->selectRow(2);
        QCOMPARE(panel->account()->id, view->model()->account(2).id);
        QVERIFY(find<QPushButton>(panel, "revealButton")->isEnabled());
        QVERIFY(find<QPushButton>(panel, "eraseButton")->isEnabled());
        // A search replaces the rows: the pane clears, nothing to act on.
        auto* edit = find<QLineEdit>(view, "searchLineEdit");
        edit->setText(QStringLiteral("no company is called this"));
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(!panel->account());
        QVERIFY(!find<QPushButton>(panel, "revealButton")->isEnabled());
        QVERIFY(!find<QPushButton>(panel, "eraseButton")->isEnabled());
        QVERIFY(!find<QPushButton>(panel, "grantButton")->isEnabled());
        // Back to all accounts, select one, and clear the selection: the pane clears too.
        edit->clear();
        QTRY_VERIFY(view->model()->rowCount() > 0);
        table->selectRow(1);
        QVERIFY(panel->account());
        table->clearSelection();
        QVERIFY(!panel->account());
    }
    // Item 5: dialogs word-wrap and fit the screen; destructive buttons name the action and are not the default.
    void destructiveDialogsFitAndNameTheirAction()
    {
        Settings settings(m_dir.filePath(QStringLiteral("dialogs.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        find<QTableView>(view, "accountsTableView")->selectRow(4);
        const qint64 id = view->model()->account(4).id;
        const int screenWidth = QGuiApplication::primaryScreen()->availableGeometry().width();
        for (const QString& language : { QStringLiteral("en"), QStringLiteral("nl") }) {
            applyLanguage(language);
            int width = 0;
            QString eraseText;
            bool eraseIsDefault = true, eraseEnabled = true;
            const auto done = onNextModal<QDialog>([&](QDialog* dialog) {
                width = dialog->frameGeometry().width();
                auto* erase = dialog->findChild<QPushButton*>(QStringLiteral("eraseConfirmButton"));
                eraseText = erase->text();
                eraseIsDefault = erase->isDefault();
                eraseEnabled = erase->isEnabled();
                dialog->reject();
            });
            QTest::mouseClick(find<QPushButton>(view->panel(), "eraseButton"), Qt::LeftButton);
            QVERIFY(*done);
            QVERIFY2(width > 0 && width <= screenWidth,
                     qPrintable(QStringLiteral("%1: %2 px").arg(language).arg(width)));
            QVERIFY(eraseText.contains(QString::number(id)));
            QCOMPARE(eraseText,
                     language == QLatin1String("en") ? QStringLiteral("Erase account %1").arg(id)
                                                     : QStringLiteral("Account %1 wissen").arg(id));
            QVERIFY(!eraseIsDefault);
            QVERIFY(!eraseEnabled); // until the id is typed
        }
        applyLanguage(QStringLiteral("en"));
        QCOMPARE(
            superCount("SELECT count(*) FROM art32.accounts WHERE status = 'erased' AND id = " + std::to_string(id)),
            0LL);

        // Delete record: "Delete", and Cancel is the default.
        auto* panel = view->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        find<QTableWidget>(panel, "recordsTableWidget")->selectRow(0);
        QString deleteText;
        bool cancelIsDefault = false;
        int boxWidth = 0;
        const auto asked = onNextModal<QMessageBox>([&](QMessageBox* box) {
            deleteText = box->findChild<QPushButton*>(QStringLiteral("deleteConfirmButton"))->text();
            cancelIsDefault = box->defaultButton() == box->button(QMessageBox::Cancel);
            boxWidth = box->frameGeometry().width();
            box->button(QMessageBox::Cancel)->click();
        });
        QTest::mouseClick(find<QPushButton>(panel, "deleteButton"), Qt::LeftButton);
        QVERIFY(*asked);
        QCOMPARE(deleteText, QStringLiteral("Delete"));
        QVERIFY(cancelIsDefault);
        QVERIFY(boxWidth <= screenWidth);

        // Rotate: "Rotate key-encryption key", not Yes, not the default.
        console.mainWindow()->showView(2);
        auto* access = find<ui::AccessView>(console.mainWindow(), "accessWidget");
        auto* keys = access->keysPanel();
        find<QTabWidget>(access, "accessTabWidget")->setCurrentWidget(keys);
        auto* rotate = find<QPushButton>(keys, "rotateKekButton");
        QTRY_VERIFY(rotate->isEnabled());
        QString rotateText;
        bool rotateIsDefault = true;
        const auto confirmed = onNextModal<QMessageBox>([&](QMessageBox* box) {
            auto* go = box->findChild<QPushButton*>(QStringLiteral("rotateConfirmButton"));
            rotateText = go->text();
            rotateIsDefault = box->defaultButton() == go;
            QVERIFY(!box->button(QMessageBox::Yes));
            box->button(QMessageBox::Cancel)->click();
        });
        QTest::mouseClick(rotate, Qt::LeftButton);
        QVERIFY(*confirmed);
        QCOMPARE(rotateText, QStringLiteral("Rotate key-encryption key"));
        QVERIFY(!rotateIsDefault);
        QVERIFY(!keys->isRotating());
    }

    // Item 6: the Grant dialog validates in place and keeps what was typed.
    void grantDialogValidatesInPlace()
    {
        Settings settings(m_dir.filePath(QStringLiteral("grant.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        find<QTableView>(view, "accountsTableView")->selectRow(6);
        const qint64 id = view->model()->account(6).id;
        bool disabledWhenShort = false, stillOpen = false, enabledWhenLong = false;
        QString hint;
        const auto done = onNextModal<QDialog>([&](QDialog* dialog) {
            auto* reason = dialog->findChild<QLineEdit*>(QStringLiteral("grantReasonLineEdit"));
            auto* ok = dialog->findChild<QPushButton*>(QStringLiteral("grantConfirmButton"));
            QTest::keyClicks(reason, QStringLiteral("abc"));
            disabledWhenShort = !ok->isEnabled();
            hint = dialog->findChild<QLabel*>(QStringLiteral("grantHintLabel"))->text();
            QTest::keyClick(reason, Qt::Key_Return); // Return does not close it with a short reason
            stillOpen = dialog->isVisible() && reason->text() == QLatin1String("abc");
            QTest::keyClicks(reason, QStringLiteral(" ticket 12"));
            enabledWhenLong = ok->isEnabled();
            ok->click();
        });
        QTest::mouseClick(find<QPushButton>(view->panel(), "grantButton"), Qt::LeftButton);
        QTRY_VERIFY(*done);
        QVERIFY(disabledWhenShort);
        QVERIFY(hint.contains(QLatin1String("5 characters")));
        QVERIFY(stillOpen);
        QVERIFY(enabledWhenLong);
        QTRY_COMPARE(superCount("SELECT count(*) FROM art32.access_grants WHERE reason = 'abc ticket 12' AND "
                                "account_id = "
                                + std::to_string(id)),
                     1LL);
    }
    // Item 7: the subject export is written 0600, to a private default place, and says what it holds.
    void subjectExportIsPrivate()
    {
        Settings settings(m_dir.filePath(QStringLiteral("export.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        find<QTableView>(view, "accountsTableView")->selectRow(3);
        QTest::mouseClick(find<QPushButton>(view->panel(), "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(view->panel()->isRevealed());
        QString email;
        for (const PlainRecord& r : view->panel()->records())
            if (r.kind == RecordKind::Email && email.isEmpty())
                email = QString::fromUtf8(r.value);
        QVERIFY(!email.isEmpty());

        const QString target
            = m_dir.filePath(QStringLiteral("export-%1.json").arg(QUuid::createUuid().toString(QUuid::Id128)));
        QString explanation, suggestedDir;
        int width = 0;
        const auto saved = std::make_shared<bool>(false);
        const auto asked = onNextModal<QDialog>([&, saved](QDialog* dialog) {
            for (auto* l : dialog->findChildren<QLabel*>())
                explanation += l->text();
            width = dialog->frameGeometry().width();
            dialog->findChild<QLineEdit*>(QStringLiteral("exportEmailLineEdit"))->setText(email);
            onNextModal<QFileDialog>(
                [&](QFileDialog* files) {
                    suggestedDir = files->directory().absolutePath();
                    files->selectFile(target);
                    static_cast<QDialog*>(files)->accept();
                },
                saved);
            dialog->accept();
        });
        QTest::mouseClick(find<QPushButton>(view, "exportSubjectButton"), Qt::LeftButton);
        QVERIFY(*asked);
        QTRY_VERIFY(*saved);
        QTRY_VERIFY(QFile::exists(target) && QFileInfo(target).size() > 0);
        QVERIFY(explanation.contains(QLatin1String("plaintext")));
        QVERIFY(width <= QGuiApplication::primaryScreen()->availableGeometry().width());
        QVERIFY2(suggestedDir.startsWith(QDir::homePath()) && suggestedDir.endsWith(QLatin1String("Art32 exports")),
                 qPrintable(suggestedDir));
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
        QCOMPARE(::stat(QFile::encodeName(suggestedDir).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0700));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains(email.toUtf8()));
        QTRY_VERIFY(find<ui::Banner>(view, "bannerFrame")->message().contains(QLatin1String("only by you")));
        // Also an existing, world-readable file is made private before anything is written to it.
        QFile old(target);
        QVERIFY(old.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        QString error;
        QVERIFY(PrivateFile::write(target, QByteArrayLiteral("{}"), &error));
        QCOMPARE(::stat(QFile::encodeName(target).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));
    }
    // Item 8: the clipboard counts down, and locking clears it (only if it still holds our text).
    void clipboardCountsDownAndIsClearedOnLock()
    {
        Settings settings(m_dir.filePath(QStringLiteral("clip.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        auto* view = openAccounts(console);
        find<QTableView>(view, "accountsTableView")->selectRow(2);
        auto* panel = view->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        auto* records = find<QTableWidget>(panel, "recordsTableWidget");
        records->selectRow(0);
        QTest::mouseClick(find<QPushButton>(panel, "copyButton"), Qt::LeftButton);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(!copied.isEmpty());
        auto* banner = find<ui::Banner>(panel, "bannerFrame");
        QVERIFY(banner->message().contains(QLatin1String("15 s")));
        QTRY_VERIFY(banner->message().contains(QLatin1String("14 s"))); // it counts down
        QPointer<MainWindow> window = console.mainWindow();
        console.lockNow();
        QTRY_VERIFY(window.isNull());
        QVERIFY(QApplication::clipboard()->text().isEmpty());

        // Something the user copied since is left alone.
        unlockAs(console, m_cto);
        view = openAccounts(console);
        find<QTableView>(view, "accountsTableView")->selectRow(2);
        panel = view->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        find<QTableWidget>(panel, "recordsTableWidget")->selectRow(0);
        QTest::mouseClick(find<QPushButton>(panel, "copyButton"), Qt::LeftButton);
        QApplication::clipboard()->setText(QStringLiteral("my own notes"));
        window = console.mainWindow();
        console.lockNow();
        QTRY_VERIFY(window.isNull());
        QCOMPARE(QApplication::clipboard()->text(), QStringLiteral("my own notes"));
    }
    // Item 11: Tab leaves the accounts table, Escape and Cancel end an inline edit, the view menu has mnemonics.
    void keyboardIsNotTrapped()
    {
        Settings settings(m_dir.filePath(QStringLiteral("keys.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        MainWindow* w = console.mainWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        auto* view = openAccounts(console);
        auto* table = find<QTableView>(view, "accountsTableView");
        table->selectRow(0);
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());
        QTest::keyClick(table, Qt::Key_Down); // arrows move inside
        QCOMPARE(table->currentIndex().row(), 1);
        QTest::keyClick(table, Qt::Key_Tab); // Tab leaves
        QVERIFY(!table->hasFocus());

        auto* panel = view->panel();
        QTest::mouseClick(find<QPushButton>(panel, "revealButton"), Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        auto* records = find<QTableWidget>(panel, "recordsTableWidget");
        records->selectRow(0);
        const QString stored = records->item(0, 2)->text();
        auto* edit = find<QLineEdit>(panel, "valueLineEdit");
        QTest::mouseClick(find<QPushButton>(panel, "editButton"), Qt::LeftButton);
        QVERIFY(edit->isVisible());
        QVERIFY(find<QPushButton>(panel, "cancelEditButton")->isVisible());
        edit->setText(QStringLiteral("changed my mind"));
        QTest::keyClick(edit, Qt::Key_Escape);
        QVERIFY(!edit->isVisible());
        QCOMPARE(records->item(0, 2)->text(), stored);
        QTest::mouseClick(find<QPushButton>(panel, "editButton"), Qt::LeftButton);
        QVERIFY(edit->isVisible());
        QTest::mouseClick(find<QPushButton>(panel, "cancelEditButton"), Qt::LeftButton);
        QVERIFY(!edit->isVisible());

        QStringList viewItems;
        for (QAction* menu : w->menuBar()->actions())
            if (menu->text() == QLatin1String("&View"))
                for (QAction* a : menu->menu()->actions())
                    viewItems << a->text();
        QVERIFY2(viewItems.contains(QStringLiteral("&Overview")) && viewItems.contains(QStringLiteral("&Accounts"))
                     && viewItems.contains(QStringLiteral("A&ccess")),
                 qPrintable(viewItems.join(QLatin1Char(','))));
    }
    // Item 12 (part): loading state, Reveal turns into Hide, the status word in Dutch, old banners go on a
    // language switch.
    void textFollowsStateAndLanguage()
    {
        Settings settings(m_dir.filePath(QStringLiteral("text.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        console.mainWindow()->showView(1);
        auto* view = find<ui::AccountsView>(console.mainWindow(), "accountsWidget");
        auto* status = find<QLabel>(view, "accountsStatusLabel");
        QCOMPARE(status->text(), QStringLiteral("Loading accounts…")); // asked for, not arrived yet
        QTRY_VERIFY(view->model()->rowCount() > 0);
        QVERIFY(!status->text().contains(QLatin1String("Loading")));
        find<QTableView>(view, "accountsTableView")->selectRow(0);
        auto* panel = view->panel();
        auto* reveal = find<QPushButton>(panel, "revealButton");
        QCOMPARE(reveal->text(), QStringLiteral("&Reveal personal data"));
        QTest::mouseClick(reveal, Qt::LeftButton);
        QTRY_VERIFY(panel->isRevealed());
        QCOMPARE(reveal->text(), QStringLiteral("&Hide personal data"));
        find<QTableWidget>(panel, "recordsTableWidget")->selectRow(0);
        QTest::mouseClick(find<QPushButton>(panel, "copyButton"), Qt::LeftButton);
        auto* banner = find<ui::Banner>(panel, "bannerFrame");
        QVERIFY(banner->isVisible());
        QTest::mouseClick(reveal, Qt::LeftButton);
        QVERIFY(!panel->isRevealed());
        QCOMPARE(reveal->text(), QStringLiteral("&Reveal personal data"));

        applyLanguage(QStringLiteral("nl"));
        QTRY_VERIFY(!banner->isVisible()); // the English message is gone
        QVERIFY2(find<QLabel>(panel, "metaLabel")->text().contains(QLatin1String("Status: actief")),
                 qPrintable(find<QLabel>(panel, "metaLabel")->text()));
        applyLanguage(QStringLiteral("en"));
    }
    // Item 14 (part): tiles for admins and grants, and a click goes to the view that fixes it.
    void overviewTilesLeadToTheirView()
    {
        Settings settings(m_dir.filePath(QStringLiteral("overview.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        MainWindow* w = console.mainWindow();
        auto* admins = find<ui::StatusTile>(w, "adminsTile");
        auto* grants = find<ui::StatusTile>(w, "grantsTile");
        QVERIFY(admins && grants);
        QTRY_COMPARE(admins->level(), ui::Level::Ok);
        QVERIFY2(admins->reason().contains(QLatin1String("all enrolled")), qPrintable(admins->reason()));
        QTRY_VERIFY(grants->level() != ui::Level::Unknown);
        auto* stack = find<QStackedWidget>(w, "viewStackedWidget");
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("overviewWidget"));
        QTest::mouseClick(find<ui::StatusTile>(w, "keysTile"), Qt::LeftButton);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("accessWidget"));

        // An admin that has not enrolled makes the admins tile amber.
        test::superuserExec(m_db, "UPDATE art32.admins SET enrolled_at = NULL WHERE login = 'tst_v_aud'");
        w->showView(0);
        console.session()->refresh();
        QTRY_COMPARE(admins->level(), ui::Level::Warning);
        QVERIFY(admins->reason().contains(QLatin1String("1 administrator")));
        test::superuserExec(m_db, "UPDATE art32.admins SET enrolled_at = now() WHERE login = 'tst_v_aud'");
    }

    // Item 12: "800 of 102,000": the list says how many accounts there are, "about" when that is an estimate.
    void accountsListGivesTheTotal()
    {
        const long long total = test::superuserCount(m_db, "SELECT count(*) FROM art32.accounts");
        {
            Settings settings(m_dir.filePath(QStringLiteral("total.ini")));
            Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
            unlockAs(console, m_cto);
            console.mainWindow()->showView(1);
            auto* view = find<ui::AccountsView>(console.mainWindow(), "accountsWidget");
            auto* status = find<QLabel>(view, "accountsStatusLabel");
            QTRY_VERIFY(view->model()->rowCount() > 0);
            const QString exact = QStringLiteral("%1 of %2 accounts")
                                      .arg(QLocale().toString(view->model()->rowCount()), QLocale().toString(total));
            QTRY_COMPARE(status->text(), exact);
        }
        // A large table is not counted: the planner's estimate, said to be one.
        test::superuserExec(m_db,
                            "UPDATE pg_catalog.pg_class SET reltuples = 102000 "
                            "WHERE oid = 'art32.accounts'::regclass");
        Settings settings(m_dir.filePath(QStringLiteral("total2.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        console.mainWindow()->showView(1);
        auto* view = find<ui::AccountsView>(console.mainWindow(), "accountsWidget");
        auto* status = find<QLabel>(view, "accountsStatusLabel");
        QTRY_VERIFY(view->model()->rowCount() > 0);
        QTRY_COMPARE(status->text(),
                     QStringLiteral("%1 of about %2 accounts")
                         .arg(QLocale().toString(view->model()->rowCount()), QLocale().toString(102000)));
        test::superuserExec(m_db, "ANALYZE art32.accounts");
        // A name search says what it shows.
        auto* search = find<QLineEdit>(view, "searchLineEdit");
        QVERIFY(search);
        search->setText(QStringLiteral("bakkerij"));
        QTest::keyClick(search, Qt::Key_Return);
        QTRY_VERIFY(status->text().endsWith(QLatin1String(" shown"))
                    || status->text() == QLatin1String("No account matches."));
    }

    // Item 14: tiles for the connection (socket or TLS), admins locked out now and the last integrity scan; the
    // connection and schema tiles open About, the scan tile the Accounts view.
    void overviewShowsConnectionLockoutsAndTheLastScan()
    {
        Settings settings(m_dir.filePath(QStringLiteral("tiles.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        unlockAs(console, m_cto);
        MainWindow* w = console.mainWindow();
        auto* connection = find<ui::StatusTile>(w, "connectionTile");
        auto* admins = find<ui::StatusTile>(w, "adminsTile");
        auto* scan = find<ui::StatusTile>(w, "scanTile");
        QVERIFY(connection && admins && scan);
        QCOMPARE(connection->level(), ui::Level::Ok);
        QVERIFY2(connection->reason().startsWith(QLatin1String("Local socket (no network). PostgreSQL 15")),
                 qPrintable(connection->reason()));
        QTRY_VERIFY(scan->level() != ui::Level::Unknown);
        if (superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.scan_result'") == 0) {
            QCOMPARE(scan->level(), ui::Level::Warning);
            QCOMPARE(scan->reason(), QStringLiteral("No integrity scan recorded yet: run one in Accounts."));
        }
        auto* stack = find<QStackedWidget>(w, "viewStackedWidget");

        // The connection tile opens About (server and library versions).
        auto about = onNextModal<QDialog>([](QDialog* d) { d->reject(); });
        QTest::mouseClick(connection, Qt::LeftButton);
        QVERIFY(*about);

        // A scan from the Accounts view: the tile says when, who and what it covered.
        QTest::mouseClick(scan, Qt::LeftButton);
        QCOMPARE(stack->currentWidget()->objectName(), QStringLiteral("accountsWidget"));
        auto* view = find<ui::AccountsView>(w, "accountsWidget");
        QTRY_VERIFY(view->model()->rowCount() > 0);
        QTest::mouseClick(find<QPushButton>(view, "integrityScanButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(find<QPushButton>(view, "integrityScanButton")->isEnabled(), 30000);
        QCOMPARE(superCount("SELECT count(*) FROM art32.audit_events WHERE action = 'records.scan_result' AND "
                            "actor = 'tst_v_cto' AND (detail->>'failed')::int = 0"),
                 1LL);
        // One of the CTO's sysadmins is locked out by wrong codes meanwhile.
        test::superuserExec(m_db,
                            "UPDATE art32.admin_totp SET locked_until = art32.now() + interval '15 minutes' "
                            "WHERE admin_id = (SELECT id FROM art32.admins WHERE login = 'tst_v_sys')");
        w->showView(0);
        console.session()->refresh();
        QTRY_COMPARE(scan->level(), ui::Level::Ok);
        QVERIFY2(scan->reason().startsWith(QLatin1String("Last scan "))
                     && scan->reason().contains(QLatin1String("by tst_v_cto"))
                     && scan->reason().contains(QLatin1String("none failed")),
                 qPrintable(scan->reason()));
        QTRY_COMPARE(admins->level(), ui::Level::Warning);
        QCOMPARE(admins->reason(), QStringLiteral("1 administrator locked out by wrong codes now."));
        test::superuserExec(m_db,
                            "UPDATE art32.admin_totp SET locked_until = NULL "
                            "WHERE admin_id = (SELECT id FROM art32.admins WHERE login = 'tst_v_sys')");
        // A failed item makes the tile red (as a scan that found one would record it).
        {
            auto cto = test::unlockedAs(m_db, m_cto, m_keychain, m_offset);
            QVERIFY(cto);
            QCOMPARE(test::sqlstate(*cto, "SELECT art32.scan_finished(10, 40, 2, 10, false)"), std::string());
            QCOMPARE(test::sqlstate(*cto, "SELECT art32.scan_finished(-1, 40, 2, 10, false)"), std::string("22023"));
        }
        console.session()->refresh();
        QTRY_COMPARE(scan->level(), ui::Level::Error);
        QVERIFY2(scan->reason().startsWith(QLatin1String("2 items failed authentication in the scan of ")),
                 qPrintable(scan->reason()));
        // The auditor reads the lock-out count too; it may not record a scan.
        auto aud = test::unlockedAs(m_db, m_aud, m_keychain, m_offset);
        QVERIFY(aud);
        QCOMPARE(test::scalar(*aud, "SELECT art32.admins_locked_out()"), std::optional<std::string>("0"));
        QCOMPARE(test::sqlstate(*aud, "SELECT art32.scan_finished(1, 1, 0, 1, false)"),
                 std::string(test::kInsufficientPrivilege));
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
