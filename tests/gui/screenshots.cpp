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
#include "records/Grants.h"
#include "session/Services.h"
#include "session/Session.h"
#include "settings/SettingsDialog.h"
#include "store/Profile.h"
#include "unlock/UnlockDialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QPalette>
#include <QPushButton>
#include <QStyle>
#include <QStyleFactory>
#include <QTabWidget>
#include <QTableView>
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
    // Language and palette changes arrive as events: give them a moment before each grab.
    auto forEachLook = [&](std::function<void(const QString&)> f, std::function<void()> then) {
        auto looks
            = std::make_shared<QStringList>(QStringList { QStringLiteral("en-light"), QStringLiteral("en-dark"),
                                                          QStringLiteral("nl-light"), QStringLiteral("nl-dark") });
        auto step = std::make_shared<std::function<void()>>();
        *step = [&, looks, f, then, weak = std::weak_ptr<std::function<void()>>(step)] {
            if (looks->isEmpty()) {
                then();
                return;
            }
            const QString look = looks->takeFirst();
            art32::applyLanguage(look.section(QLatin1Char('-'), 0, 0));
            QApplication::setPalette(look.endsWith(QLatin1String("dark")) ? darkPalette() : light);
            QTimer::singleShot(300, &app, [look, f, next = weak.lock()] {
                f(look);
                (*next)();
            });
        };
        (*step)();
    };
    auto* session = console.session();
    bool unlocking = false;
    QObject::connect(session, &art32::Session::stateChanged, &app, [&](art32::Session::State s) {
        if (s == art32::Session::State::Locked && !unlocking) {
            unlocking = true;
            QTimer::singleShot(0, &app, [&] {
                forEachLook(
                    [&](const QString& look) { shoot(console.unlockDialog(), QStringLiteral("unlock-") + look); },
                    [&] {
                        auto code = art32::DemoCluster::demoCode(profile.value(), keychain, 1);
                        if (!code) {
                            QTextStream(stderr) << code.error().message << '\n';
                            app.exit(1);
                            return;
                        }
                        session->unlock(code.value());
                    });
            });
        } else if (s == art32::Session::State::Unlocked) {
            console.mainWindow()->resize(1280, 800);
            // One access grant (a real, audited server call in this throwaway demo) so the grants tab has a row.
            session->request(
                session,
                [](art32::Services& s) {
                    return s.grantAccess(QStringLiteral("demo_sysadmin"), 1,
                                         QStringLiteral("Ticket 4711: customer asked to correct an address"), 120);
                },
                [](art32::Result<qint64>) {});
            // Visit every view once so their rows load; reveal the first account in Accounts.
            for (int v = console.mainWindow()->viewNames().size() - 1; v >= 0; --v)
                console.mainWindow()->showView(v);
            console.mainWindow()->showView(1);
            QTimer::singleShot(1500, &app, [&] {
                if (auto* table = console.mainWindow()->findChild<QTableView*>(QStringLiteral("accountsTableView")))
                    table->selectRow(0);
                if (auto* reveal = console.mainWindow()->findChild<QPushButton*>(QStringLiteral("revealButton")))
                    reveal->click();
            });
            QTimer::singleShot(3000, &app, [&] {
                forEachLook(
                    [&](const QString& look) {
                        art32::ui::MainWindow* window = console.mainWindow();
                        const QStringList views = window->viewNames();
                        for (int v = 0; v < views.size(); ++v) {
                            // The AccountPanel hides plaintext when its view is hidden: grab Accounts as it is.
                            if (views.at(v) != QLatin1String("accountsWidget"))
                                continue;
                            shoot(window, QStringLiteral("accounts-") + look);
                        }
                        for (int v = 0; v < views.size(); ++v) {
                            if (views.at(v) == QLatin1String("accountsWidget"))
                                continue;
                            window->showView(v);
                            const QString name = views.at(v) == QLatin1String("overviewWidget")
                                ? QStringLiteral("main-window-")
                                : views.at(v).chopped(6) + QLatin1Char('-');
                            shoot(window, name + look);
                            // The Access view's other tabs: grants, and the CTO's Keys page.
                            if (auto* tabs = window->findChild<QTabWidget*>(QStringLiteral("accessTabWidget"));
                                tabs && views.at(v) == QLatin1String("accessWidget")) {
                                for (int t = 1; t < tabs->count(); ++t) {
                                    tabs->setCurrentIndex(t);
                                    shoot(window,
                                          (t == 1 ? QStringLiteral("access-grants-") : QStringLiteral("access-keys-"))
                                              + look);
                                }
                                tabs->setCurrentIndex(0);
                            }
                        }
                        window->showView(1);
                        art32::ui::AboutDialog about(&session->serverInfo(), window);
                        about.show();
                        shoot(&about, QStringLiteral("about-") + look);
                        art32::ui::SettingsDialog prefs(&settings, window);
                        prefs.show();
                        shoot(&prefs, QStringLiteral("settings-") + look);
                    },
                    [&] {
                        QTextStream(stdout) << written.join(QLatin1Char('\n')) << '\n';
                        app.exit(0);
                    });
            });
        } else if (s == art32::Session::State::Failed) {
            QTextStream(stderr) << session->lastError().message << '\n';
            app.exit(1);
        }
    });
    int replays = 0;
    QObject::connect(session, &art32::Session::unlockRefused, &app, [&](const art32::UnlockOutcome& o) {
        // `demo up` may have used this period's codes: the next period brings a fresh one.
        if (o.status == art32::UnlockOutcome::Status::Replayed && ++replays <= 2) {
            QTextStream(stderr) << "code already used; trying again in 31 s\n";
            QTimer::singleShot(31000, &app, [&] {
                session->unlock(art32::DemoCluster::demoCode(profile.value(), keychain, 1).value());
            });
            return;
        }
        QTextStream(stderr) << o.message() << '\n';
        app.exit(1);
    });
    return app.exec();
}
