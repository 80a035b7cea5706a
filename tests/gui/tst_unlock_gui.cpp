#include "TestSupport.h"
#include "auth/Unlock.h"
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "session/Services.h"
#include "session/Session.h"
#include "unlock/UnlockDialog.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimeZone>
#include <QUuid>
#include <algorithm>
#include <atomic>
#include <memory>

using namespace art32;
using art32::ui::Console;
using art32::ui::MainWindow;
using art32::ui::UnlockDialog;

/**
 * The unlock dialog offscreen against the harness's PostgreSQL and Secret Service, as a keyboard user meets it:
 * Return unlocks (never quits), tab order, pasted codes, what a refusal says; and quitting during long work.
 */
class TestUnlockGui : public QObject
{
    Q_OBJECT

    const QString m_db = QStringLiteral("tst_unlock_gui");
    QTemporaryDir m_dir;
    Keychain m_keychain { QStringLiteral("Art32 Console unlock GUI test %1").arg(QUuid::createUuid().toString()) };
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

    QLineEdit* codeField(Console& console, const test::TestAdmin& admin)
    {
        if (!console.start(admin.profile.name))
            return nullptr;
        if (!QTest::qWaitFor([&] { return console.session()->state() == Session::State::Locked; }))
            return nullptr;
        auto* edit = find<QLineEdit>(console.unlockDialog(), "codeLineEdit");
        console.unlockDialog()->activateWindow();
        if (!QTest::qWaitForWindowActive(console.unlockDialog()))
            return nullptr;
        return edit;
    }

    /** The widgets Tab visits, in order, from the first one that takes focus. */
    static QStringList tabChain(QWidget* window)
    {
        QStringList chain;
        QWidget* first = nullptr;
        for (QWidget* w = window->nextInFocusChain(); w && w != first; w = w->nextInFocusChain()) {
            if (!first)
                first = w;
            if (w != window && (w->focusPolicy() & Qt::TabFocus) && w->isVisibleTo(window) && w->isEnabled())
                chain << w->objectName();
            if (w == window)
                break;
        }
        return chain;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        applyLanguage(QStringLiteral("en"));
        test::ThreeAdmins admins = test::threeAdmins(m_db, QStringLiteral("tst_u"), m_keychain);
        m_cto = std::move(admins.cto);
        m_sys = std::move(admins.sysadmin);
        m_aud = std::move(admins.auditor);
        m_offset = admins.offset;
        m_profiles = std::make_unique<ProfileStore>(m_dir.filePath(QStringLiteral("profiles.ini")));
        for (const auto* a : { &m_cto, &m_sys, &m_aud })
            QVERIFY(m_profiles->save(a->profile));
    }

    void cleanupTestCase() { test::forgetAdmins(m_keychain, { &m_cto, &m_sys, &m_aud }); }

    // Issue 11 item 1: Return in the code field fired Quit (the focused auto-default button once the field was
    // disabled), which spent the code and closed the console without a word.
    void returnInTheCodeFieldUnlocksAndNeverQuits()
    {
        Settings settings(m_dir.filePath(QStringLiteral("return.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_cto);
        QVERIFY(edit);
        QSignalSpy quit(console.unlockDialog(), &UnlockDialog::quitRequested);
        auto* quitButton = find<QPushButton>(console.unlockDialog(), "quitButton");
        QVERIFY(!quitButton->isDefault());
        QVERIFY(!quitButton->autoDefault());

        // An incomplete code: Return says what is missing, and nothing quits.
        QTest::keyClicks(edit, QStringLiteral("123"));
        QTest::keyClick(edit, Qt::Key_Return);
        auto* message = find<QLabel>(console.unlockDialog(), "messageLabel");
        QCOMPARE(message->text(), QStringLiteral("A code has 6 digits; this one has 3."));
        QCOMPARE(quit.count(), 0);
        QCOMPARE(console.session()->state(), Session::State::Locked);

        edit->clear();
        QTest::keyClicks(edit, nextCode(m_cto));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        QCOMPARE(quit.count(), 0);
        QCOMPARE(console.session()->state(), Session::State::Unlocked);
        QVERIFY(edit->text().isEmpty()); // the spent code does not wait in the hidden dialog
    }

    // Item 11 (unlock dialog): reading order, the main action right after the field.
    void tabOrderIsProfileCodeUnlockQuit()
    {
        Settings settings(m_dir.filePath(QStringLiteral("tab.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_sys);
        QVERIFY(edit);
        QCOMPARE(tabChain(console.unlockDialog()),
                 QStringList({ QStringLiteral("profileComboBox"), QStringLiteral("codeLineEdit"),
                               QStringLiteral("unlockButton"), QStringLiteral("quitButton") }));
        // The profile is preselected, so the cursor starts in the code field; Tab goes on to Unlock.
        QCOMPARE(QApplication::focusWidget(), edit);
        QTest::keyClick(edit, Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("unlockButton"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget()->objectName(), QStringLiteral("quitButton"));
    }

    // Item 10: a code pasted as the authenticator shows it ("123 456") unlocks; letters are shown and explained.
    void pastedCodeWithSpacesUnlocksAndLettersAreExplained()
    {
        Settings settings(m_dir.filePath(QStringLiteral("paste.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_aud);
        QVERIFY(edit);
        auto* message = find<QLabel>(console.unlockDialog(), "messageLabel");
        QTest::keyClicks(edit, QStringLiteral("12a"));
        QCOMPARE(edit->text(), QStringLiteral("12a")); // not dropped silently
        QVERIFY2(message->text().contains(QLatin1String("only digits; \"a\" is not one")), qPrintable(message->text()));
        edit->clear();

        const QString code = nextCode(m_aud);
        QApplication::clipboard()->setText(code.left(3) + QLatin1Char(' ') + code.mid(3));
        QTest::keyClick(edit, Qt::Key_V, Qt::ControlModifier);
        QCOMPARE(edit->text(), code);
        QVERIFY(message->text().isEmpty());
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(console.mainWindow() && console.mainWindow()->isVisible());
        QApplication::clipboard()->clear();
    }

    // Item 9: a code refused as used says when the next one comes.
    void usedCodeSaysWhenTheNextOneComes()
    {
        Settings settings(m_dir.filePath(QStringLiteral("used.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_sys);
        QVERIFY(edit);
        const QString code = nextCode(m_sys);
        QTest::keyClicks(edit, code);
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(console.mainWindow());
        console.lockNow();
        QTRY_COMPARE(console.session()->state(), Session::State::Locked);
        QTRY_VERIFY(edit->isEnabled() && !edit->isReadOnly());
        QTest::keyClicks(edit, code);
        QTest::keyClick(edit, Qt::Key_Return);
        auto* message = find<QLabel>(console.unlockDialog(), "messageLabel");
        QTRY_VERIFY2(message->text().startsWith(QLatin1String("This code has been used already.")),
                     qPrintable(message->text()));
        QVERIFY(message->text().contains(QRegularExpression(QStringLiteral("next one in \\d+ s\\."))));
        QVERIFY(edit->text().isEmpty());
    }

    void refusalMessagesGiveTimesAndWhoResets()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        UnlockOutcome used { UnlockOutcome::Status::Replayed, {}, {} };
        const QDateTime atStep = QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch() / 30 * 30 + 18, Qt::UTC);
        QCOMPARE(UnlockDialog::refusalMessage(used, atStep),
                 QStringLiteral("This code has been used already. Your authenticator shows the next one in 12 s."));
        UnlockOutcome locked { UnlockOutcome::Status::Locked, now.addSecs(15 * 60), {} };
        const QString text = UnlockDialog::refusalMessage(locked, now);
        const QDateTime local = locked.lockedUntil.toLocalTime();
        QVERIFY2(text.contains(QLocale().toString(local.time(), QLocale::ShortFormat) + QLatin1Char(' ')
                               + local.timeZoneAbbreviation() + QStringLiteral(" (in 15 min)")),
                 qPrintable(text));
        QVERIFY(text.contains(QLatin1String("art32ctl admin reset")));
        UnlockOutcome lockedNow { UnlockOutcome::Status::Wrong, now.addSecs(15 * 60), {} };
        QVERIFY(UnlockDialog::refusalMessage(lockedNow, now).startsWith(QLatin1String("Wrong code. Too many")));
    }

    // Item 9: with no profile used before, the list starts on the demo CTO the README names.
    void profileListDefaultsToTheDemoCto()
    {
        QTemporaryDir dir;
        ProfileStore profiles(dir.filePath(QStringLiteral("profiles.ini")));
        for (const QString& name : { QStringLiteral("demo_auditor"), QStringLiteral("demo_cto") }) {
            Profile p = m_aud.profile;
            p.name = name;
            QVERIFY(profiles.save(p));
        }
        Settings settings(dir.filePath(QStringLiteral("fresh.ini")));
        Console console(&settings, &profiles, &m_keychain, Clock::system());
        QVERIFY(console.start());
        QCOMPARE(console.session()->profile().name, QStringLiteral("demo_cto"));
        QCOMPARE(find<QComboBox>(console.unlockDialog(), "profileComboBox")->currentText(), QStringLiteral("demo_cto"));
    }

    // Item 12 (title): the platform appends the application's display name; the window must not name it too.
    void windowTitleNamesTheApplicationOnce()
    {
        const QString before = QGuiApplication::applicationDisplayName();
        QGuiApplication::setApplicationDisplayName(QStringLiteral("Art32 Console"));
        Settings settings(m_dir.filePath(QStringLiteral("title.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_sys);
        QVERIFY(edit);
        QVERIFY2(!console.unlockDialog()->windowTitle().contains(QLatin1String("Art32 Console")),
                 qPrintable(console.unlockDialog()->windowTitle()));
        QTest::keyClicks(edit, nextCode(m_sys));
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY(console.mainWindow());
        QCOMPARE(console.mainWindow()->windowTitle(), m_sys.profile.name);
        QGuiApplication::setApplicationDisplayName(before);
    }

    // Item 4: quitting (or closing the window) during a scan or rotation destroys the Session; it must tell the
    // work to stop instead of waiting for it with the keys still open.
    void destroyingTheSessionCancelsLongWork()
    {
        auto s = std::make_unique<Session>(m_cto.profile, &m_keychain);
        s->open();
        QTRY_COMPARE(s->state(), Session::State::Locked);
        s->unlock(nextCode(m_cto));
        QTRY_COMPARE(s->state(), Session::State::Unlocked);
        auto token = s->cancelToken();
        auto running = std::make_shared<std::atomic_bool>(false);
        auto sawCancel = std::make_shared<std::atomic_bool>(false);
        auto finished = std::make_shared<std::atomic_bool>(false);
        s->request(
            s.get(),
            [token, running, sawCancel, finished](Services&) -> Result<void> {
                running->store(true);
                QElapsedTimer waited;
                waited.start();
                while (!token->load() && waited.elapsed() < 10000) // the job's own end: 10 s
                    QThread::msleep(5);
                sawCancel->store(token->load());
                finished->store(true);
                return {};
            },
            [](Result<void>) {});
        QTRY_VERIFY(running->load());
        s.reset(); // returns once the worker thread has ended
        QVERIFY(finished->load());
        QVERIFY(sawCancel->load()); // it ended because it was told to, not because its 10 s ran out
        // And the connection went with the worker (the server's unlocked session ends with its backend).
        QTRY_COMPARE(test::superuserCount(m_db,
                                          "SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                                              + m_cto.profile.user.toStdString() + "'"),
                     0LL);
    }

    // Item 10: a wrong code says how many tries are left before the lock (the server counts them, migration 0011),
    // and the fifth gives the lock's end as a local time with the zone.
    void wrongCodesCountDownTheTriesLeftThenGiveTheLockEnd()
    {
        Settings settings(m_dir.filePath(QStringLiteral("tries.ini")));
        Console console(&settings, m_profiles.get(), &m_keychain, Clock::system());
        QLineEdit* edit = codeField(console, m_aud);
        QVERIFY(edit);
        auto* message = find<QLabel>(console.unlockDialog(), "messageLabel");
        const auto wrong = [&] {
            const QString valid[] = { test::codeFor(m_aud, m_offset - 30), test::codeFor(m_aud, m_offset),
                                      test::codeFor(m_aud, m_offset + 30) };
            int c = (valid[1].toInt() + 500000) % 1000000;
            while (std::find(std::begin(valid), std::end(valid), QString::number(c).rightJustified(6, QLatin1Char('0')))
                   != std::end(valid))
                c = (c + 1) % 1000000;
            return QString::number(c).rightJustified(6, QLatin1Char('0'));
        };
        const QStringList expected { QStringLiteral("4 tries left before a lock of 15 min."),
                                     QStringLiteral("3 tries left before a lock of 15 min."),
                                     QStringLiteral("2 tries left before a lock of 15 min."),
                                     QStringLiteral("1 try left before a lock of 15 min.") };
        for (const QString& left : expected) {
            QTRY_VERIFY(edit->isEnabled() && !edit->isReadOnly());
            QTest::keyClicks(edit, wrong());
            QTest::keyClick(edit, Qt::Key_Return);
            QTRY_VERIFY2(message->text().endsWith(left), qPrintable(message->text()));
            QVERIFY(message->text().startsWith(QLatin1String("Wrong code.")));
            QCOMPARE(console.session()->lastOutcome().triesLeft, expected.size() - expected.indexOf(left));
        }
        QTRY_VERIFY(edit->isEnabled() && !edit->isReadOnly());
        QTest::keyClicks(edit, wrong());
        QTest::keyClick(edit, Qt::Key_Return);
        QTRY_VERIFY2(message->text().contains(QLatin1String("locked until")), qPrintable(message->text()));
        const QDateTime until = console.session()->lastOutcome().lockedUntil;
        QVERIFY(until.isValid()); // (the relative part counts from this machine's clock; the server's runs ahead here)
        QVERIFY2(message->text().contains(until.toLocalTime().timeZoneAbbreviation() + QStringLiteral(" (in ")),
                 qPrintable(message->text()));
        QVERIFY(!message->text().contains(QLatin1String("tries left")));
        // The admin stays locked for the rest of this run: reset it for tests added after this one.
        test::superuserExec(m_db,
                            "UPDATE art32.admin_totp SET locked_until = NULL, consecutive_failures = 0 "
                            "WHERE admin_id = (SELECT id FROM art32.admins WHERE login = 'tst_u_aud')");
    }
};

QTEST_MAIN(TestUnlockGui)
#include "tst_unlock_gui.moc"
