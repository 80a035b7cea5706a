// art32ctl: the command line for operators and cron jobs. Parses the global options and dispatches; the commands
// are in the table of Command.h (one file per group), and the work is in art32core.
#include "Command.h"
#include "core/Process.h"
#include "core/Versions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>
#include <memory>

int main(int argc, char* argv[])
{
    art32::hardenProcess(); // no core dumps, not dumpable: secrets stay in this process

    // A PDF export renders text with QtGui, which needs a QGuiApplication: on the offscreen platform, so it runs
    // without a display. Every other command stays a QCoreApplication.
    QStringList words;
    for (int k = 1; k < argc; ++k)
        words << QString::fromLocal8Bit(argv[k]);
    std::unique_ptr<QCoreApplication> application;
    if (art32::ctl::incidentCommandNeedsGui(words)) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication& app = *application;
    art32::setApplicationIdentity();
    app.setApplicationName(QStringLiteral("art32"));

    QCommandLineParser parser;
    art32::ctl::addGlobalOptions(parser);
    const art32::ctl::GlobalOptions& global = art32::ctl::globalOptions();
    if (!parser.parse(app.arguments())) {
        QTextStream(stderr) << "art32ctl: " << art32::ctl::parserError(parser) << "; see art32ctl --help\n";
        return art32::ctl::Usage;
    }

    QTextStream out(stdout);
    if (parser.isSet(global.version)) {
        out << "art32ctl " << art32::applicationVersion() << '\n';
        for (const auto& v : art32::libraryVersions())
            out << "  " << v.component << ' ' << v.version << '\n';
        return art32::ctl::Ok;
    }
    if (parser.isSet(global.help)) {
        out << art32::ctl::overview();
        return art32::ctl::Ok;
    }

    art32::ctl::Context ctx;
    ctx.profile = parser.value(global.profile);
    ctx.code = parser.value(global.code);
    return art32::ctl::dispatch(ctx, parser.positionalArguments());
}
