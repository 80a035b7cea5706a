#include "TestSupport.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "keychain/Keychain.h"
#include "main/AboutDialog.h"
#include "main/MainWindow.h"
#include "settings/SettingsDialog.h"
#include "store/Migrator.h"
#include "store/Session.h"
#include "widgets/Banner.h"
#include "widgets/StatusTile.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <pqxx/connection>
#include <sodium.h>

using art32::Keychain;
using art32::Profile;
using art32::Session;
using art32::Settings;
using art32::ui::MainWindow;

/** The GUI shell, offscreen, against the harness's real PostgreSQL and Secret Service. */
class TestMainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    Profile m_profile;
    Keychain m_keychain { QStringLiteral("Art32 Console GUI test") };
    const std::string m_password = "gui-test-password";

    template<typename T> static T* find(QWidget* parent, const char* name)
    {
        return parent->findChild<T*>(QLatin1String(name));
    }

    static QStringList menuTitles(MainWindow& w)
    {
        QStringList titles;
        for (QAction* a : w.menuBar()->actions())
            titles << a->text();
        return titles;
    }

private slots:
    void initTestCase()
    {
        ART32_REQUIRE_SERVICES();
        QLocale::setDefault(QLocale::c());
        art32::applyLanguage(QStringLiteral("en"));
        art32::test::freshDatabase(QStringLiteral("tst_gui"));
        pqxx::connection conn(art32::test::superuserProfile(QStringLiteral("tst_gui")).connectionString());
        QVERIFY(art32::Migrator().migrate(conn));
        art32::test::createLoginRole(QStringLiteral("tst_gui_cto"), m_password, QStringLiteral("art32_cto"));
        m_profile = art32::test::superuserProfile(QStringLiteral("tst_gui"));
        m_profile.name = QStringLiteral("gui");
        m_profile.user = QStringLiteral("tst_gui_cto");
        QVERIFY(m_keychain.writeNow(m_profile.passwordKey(), QByteArray::fromStdString(m_password)).ok());
    }

    void cleanupTestCase() { m_keychain.removeNow(m_profile.passwordKey()); }

    void connectsAndShowsStatus()
    {
        Settings settings(m_dir.filePath(QStringLiteral("a.ini")));
        Session session(m_profile, &m_keychain);
        MainWindow window(&settings, &session);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        session.open();

        auto* connection = find<QLabel>(&window, "connectionLabel");
        QVERIFY(connection);
        QTRY_COMPARE(connection->text(), QStringLiteral("Connected"));
        QCOMPARE(find<QLabel>(&window, "profileLabel")->text(), QStringLiteral("Profile: gui"));
        QCOMPARE(find<QLabel>(&window, "roleLabel")->text(), QStringLiteral("Role: CTO"));
        QVERIFY(find<QLabel>(&window, "serverLabel")->text().contains(QLatin1String("PostgreSQL 15")));
        QCOMPARE(window.windowTitle(), QStringLiteral("Art32 Console — gui"));

        auto* sidebar = find<QListWidget>(&window, "sidebarListWidget");
        QCOMPARE(sidebar->count(), 1);
        QCOMPARE(sidebar->item(0)->text(), QStringLiteral("Overview"));

        auto* tile = find<art32::ui::StatusTile>(&window, "connectionTile");
        QCOMPARE(tile->level(), art32::ui::Level::Ok);
        QVERIFY(tile->reason().contains(QLatin1String("tst_gui_cto")));
        auto* schema = find<art32::ui::StatusTile>(&window, "schemaTile");
        QCOMPARE(schema->level(), art32::ui::Level::Ok);
        QVERIFY(schema->reason().contains(QLatin1String("up to date")));
        QVERIFY(!find<art32::ui::Banner>(&window, "bannerFrame")->isVisible());
    }

    void aboutShowsLibraryAndServerVersions()
    {
        art32::ServerInfo info;
        info.serverVersion = QStringLiteral("15.99");
        info.schemaKnown = true;
        info.schema.current = 1;
        art32::ui::AboutDialog about(&info);
        QCOMPARE(about.versionOf(QStringLiteral("libsodium")), QString::fromLatin1(sodium_version_string()));
        QCOMPARE(about.versionOf(QStringLiteral("Qt")), QString::fromLatin1(qVersion()));
        QVERIFY(!about.versionOf(QStringLiteral("liboath")).isEmpty());
        QVERIFY(about.versionOf(QStringLiteral("libpqxx")).startsWith(QLatin1String("6.4")));
        QCOMPARE(about.versionOf(QStringLiteral("PostgreSQL server")), QStringLiteral("15.99"));
        art32::ui::AboutDialog offline(nullptr);
        QCOMPARE(offline.versionOf(QStringLiteral("PostgreSQL server")), QStringLiteral("not connected"));
    }

    void wrongPasswordShowsBannerAndRetryRecovers()
    {
        Keychain keychain(QStringLiteral("Art32 Console GUI test (wrong)"));
        QVERIFY(keychain.writeNow(m_profile.passwordKey(), "not-the-password").ok());
        Settings settings(m_dir.filePath(QStringLiteral("b.ini")));
        Session session(m_profile, &keychain);
        MainWindow window(&settings, &session);
        window.show();
        session.open();

        auto* banner = find<art32::ui::Banner>(&window, "bannerFrame");
        QTRY_VERIFY(banner->isVisible());
        QVERIFY(banner->message().contains(QLatin1String("refused the login")));
        auto* retry = find<QPushButton>(banner, "bannerActionButton");
        QCOMPARE(retry->text(), QStringLiteral("Retry"));
        QCOMPARE(find<QLabel>(&window, "connectionLabel")->text(), QStringLiteral("Connection failed"));

        // The user fixes the keychain entry and presses Retry: no restart needed.
        QVERIFY(keychain.writeNow(m_profile.passwordKey(), QByteArray::fromStdString(m_password)).ok());
        QTest::mouseClick(retry, Qt::LeftButton);
        QTRY_COMPARE(find<QLabel>(&window, "connectionLabel")->text(), QStringLiteral("Connected"));
        QVERIFY(!banner->isVisible());
        keychain.removeNow(m_profile.passwordKey());
    }

    void dutchAtStartAndSwitchedLive()
    {
        Settings settings(m_dir.filePath(QStringLiteral("c.ini")));
        settings.set(Settings::Key::Language, QStringLiteral("nl"));
        art32::applyLanguage(settings.get(Settings::Key::Language).toString());
        Session session(m_profile, &m_keychain);
        MainWindow window(&settings, &session);
        window.show();
        QCOMPARE(menuTitles(window).value(0), QStringLiteral("&Bestand"));
        QCOMPARE(find<QListWidget>(&window, "sidebarListWidget")->item(0)->text(), QStringLiteral("Overzicht"));
        QCOMPARE(find<QLabel>(&window, "connectionLabel")->text(), QStringLiteral("Niet verbonden"));

        // Through the Settings dialog, back to English, applied at once.
        art32::ui::SettingsDialog dialog(&settings, &window);
        auto* combo = find<QComboBox>(&dialog, "languageComboBox");
        QCOMPARE(combo->itemText(0), QStringLiteral("Systeemstandaard"));
        combo->setCurrentIndex(combo->findData(QStringLiteral("en")));
        dialog.accept();
        QCOMPARE(settings.get(Settings::Key::Language).toString(), QStringLiteral("en"));
        QTRY_COMPARE(menuTitles(window).value(0), QStringLiteral("&File"));
        QCOMPARE(find<QListWidget>(&window, "sidebarListWidget")->item(0)->text(), QStringLiteral("Overview"));
        // Qt's own catalogue follows too: standard buttons speak the chosen language.
        settings.set(Settings::Key::Language, QStringLiteral("nl"));
        QDialogButtonBox box(QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text().remove(QLatin1Char('&')), QStringLiteral("Annuleren"));
        art32::applyLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
