// art32-screenshots: grabs the console's screens to PNG (English and Dutch, light and dark) so people can look
// at them before calling a screen done, and so the README and docs show current pictures.
// Run through scripts/screenshots, which provides the demo database and a keychain.
#include "core/Clock.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "core/Versions.h"
#include "demo/DemoCluster.h"
#include "keychain/Keychain.h"
#include "main/AboutDialog.h"
#include "main/Console.h"
#include "main/MainWindow.h"
#include "settings/SettingsDialog.h"
#include "store/Profile.h"
#include "store/Session.h"
#include "unlock/UnlockDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>
#include <functional>

namespace {

QPalette darkPalette()
{
    // Stands in for a dark desktop theme, which the offscreen platform cannot provide.
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1f, 0x21, 0x24));
    p.setColor(QPalette::AlternateBase, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xc6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    return p;
}

} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    art32::setApplicationIdentity();
    QCommandLineParser parser;
    const QCommandLineOption profileOption(QStringLiteral("profile"), QStringLiteral("Profile"), QStringLiteral("name"),
                                           QStringLiteral("demo_cto"));
    const QCommandLineOption outOption(QStringLiteral("out"), QStringLiteral("Output folder"), QStringLiteral("dir"),
                                       QStringLiteral("screenshots"));
    parser.addOptions({ profileOption, outOption });
    parser.process(app);

    const auto profile = art32::ProfileStore().find(parser.value(profileOption));
    if (!profile) {
        QTextStream(stderr) << profile.error().message << '\n';
        return 1;
    }
    const QString out = parser.value(outOption);
    QDir().mkpath(out);
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    const QPalette light = QApplication::style()->standardPalette();

    QTemporaryDir settingsDir;
    art32::Settings settings(settingsDir.filePath(QStringLiteral("settings.ini")));
    art32::Keychain keychain;
    art32::ProfileStore profiles;
    art32::ui::Console console(&settings, &profiles, &keychain, art32::Clock::system());
    if (!console.start(profile->name))
        return 1;
    QStringList written;

    auto shoot = [&](QWidget* w, const QString& name) {
        const QString file = QStringLiteral("%1/%2.png").arg(out, name);
        w->grab().save(file);
        written << file;
    };
    auto forEachLook = [&](const std::function<void(const QString&)>& f) {
        for (const QString& lang : { QStringLiteral("en"), QStringLiteral("nl") }) {
            art32::applyLanguage(lang);
            for (const bool dark : { false, true }) {
                QApplication::setPalette(dark ? darkPalette() : light);
                f(lang + (dark ? QStringLiteral("-dark") : QStringLiteral("-light")));
            }
        }
    };
    auto* session = console.session();
    bool unlocking = false;
    QObject::connect(session, &art32::Session::stateChanged, &app, [&](art32::Session::State s) {
        if (s == art32::Session::State::Locked && !unlocking) {
            unlocking = true;
            QTimer::singleShot(0, &app, [&] {
                forEachLook(
                    [&](const QString& look) { shoot(console.unlockDialog(), QStringLiteral("unlock-") + look); });
                auto code = art32::DemoCluster::demoCode(profile.value(), keychain, 1);
                if (!code) {
                    QTextStream(stderr) << code.error().message << '\n';
                    app.exit(1);
                    return;
                }
                session->unlock(code.value());
            });
        } else if (s == art32::Session::State::Unlocked) {
            QTimer::singleShot(0, &app, [&] {
                art32::ui::MainWindow* window = console.mainWindow();
                window->resize(1280, 800);
                forEachLook([&](const QString& look) {
                    window->showView(0);
                    shoot(window, QStringLiteral("main-window-") + look);
                    if (window->viewNames().size() > 1) {
                        window->showView(1);
                        shoot(window, QStringLiteral("access-") + look);
                        window->showView(0);
                    }
                    art32::ui::AboutDialog about(&session->serverInfo(), window);
                    about.show();
                    shoot(&about, QStringLiteral("about-") + look);
                    art32::ui::SettingsDialog prefs(&settings, window);
                    prefs.show();
                    shoot(&prefs, QStringLiteral("settings-") + look);
                });
                QTextStream(stdout) << written.join(QLatin1Char('\n')) << '\n';
                app.exit(0);
            });
        } else if (s == art32::Session::State::Failed) {
            QTextStream(stderr) << session->lastError().message << '\n';
            app.exit(1);
        }
    });
    QObject::connect(session, &art32::Session::unlockRefused, &app, [&](const art32::UnlockOutcome& o) {
        QTextStream(stderr) << o.message() << '\n';
        app.exit(1);
    });
    return app.exec();
}
