// art32-console: parses arguments and wires the objects together; everything else lives in art32ui/art32core.
#include "core/Clock.h"
#include "core/Process.h"
#include "core/Settings.h"
#include "core/Translations.h"
#include "core/Versions.h"
#include "keychain/Keychain.h"
#include "main/Console.h"
#include "store/Profile.h"
#include "widgets/Icons.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char* argv[])
{
    art32::hardenProcess(); // no core dumps, not dumpable: secrets stay in this process

    QApplication app(argc, argv);
    art32::setApplicationIdentity();
    QGuiApplication::setApplicationDisplayName(QStringLiteral("Art32 Console"));
    QGuiApplication::setDesktopFileName(QStringLiteral("nl.art32.Console"));
    QApplication::setWindowIcon(art32::ui::icon(QStringLiteral("nl.art32.Console")));

    art32::Settings settings;
    art32::applyLanguage(settings.get(art32::Settings::Key::Language).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Art32 Console"));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption({ QStringLiteral("p"), QStringLiteral("profile") },
                                           QStringLiteral("Connection profile to open."), QStringLiteral("name"));
    parser.addOption(profileOption);
    parser.process(app);

    art32::ProfileStore profiles;
    art32::Keychain keychain;
    art32::ui::Console console(&settings, &profiles, &keychain, art32::Clock::system());
    if (!console.start(parser.value(profileOption))) {
        QMessageBox::information(nullptr, QObject::tr("Art32 Console"),
                                 QObject::tr("There is no connection profile yet. Start the demo with "
                                             "\"scripts/demo\", or add a profile with \"art32ctl profile add\"."));
        return 1;
    }
    return app.exec();
}
