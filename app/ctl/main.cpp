// art32ctl: the command line for operators and cron jobs. Parses arguments and dispatches; the work is in
// art32core, and each command group is in Commands.cpp.
#include "Commands.h"
#include "core/Process.h"
#include "core/Versions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char* argv[])
{
    art32::hardenProcess(); // no core dumps, not dumpable: secrets stay in this process

    QCoreApplication app(argc, argv);
    art32::setApplicationIdentity();
    app.setApplicationName(QStringLiteral("art32"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Art32 Console command line.\n\n"
                       "Commands:\n"
                       "  demo up|status|down|destroy|env   the embedded demo database\n"
                       "  db status|migrate                 schema version of a profile's database\n"
                       "  profile list|show|add|remove|set-password   connection profiles"));
    parser.addHelpOption();
    const QCommandLineOption versionOption({ QStringLiteral("V"), QStringLiteral("version") },
                                           QStringLiteral("Print the version of art32ctl and its libraries."));
    parser.addOption(versionOption);
    const QCommandLineOption profileOption({ QStringLiteral("p"), QStringLiteral("profile") },
                                           QStringLiteral("Connection profile to use."), QStringLiteral("name"));
    parser.addOption(profileOption);
    const QCommandLineOption codeOption(
        { QStringLiteral("c"), QStringLiteral("code") },
        QStringLiteral("TOTP code to unlock with: - reads it from stdin; not given, it is asked for on the terminal "
                       "without echo. (A code in the arguments is visible to other local users.)"),
        QStringLiteral("code"));
    parser.addOption(codeOption);
    parser.addPositionalArgument(QStringLiteral("command"),
                                 QStringLiteral("demo, db, profile, admin, keys, records, subject or access"));
    // Options after the command belong to it.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    parser.process(app);

    QTextStream out(stdout);
    if (parser.isSet(versionOption)) {
        out << "art32ctl " << art32::applicationVersion() << '\n';
        for (const auto& v : art32::libraryVersions())
            out << "  " << v.component << ' ' << v.version << '\n';
        return art32::ctl::Ok;
    }

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        QTextStream(stderr) << parser.helpText();
        return art32::ctl::Usage;
    }
    art32::ctl::Context ctx;
    ctx.profile = parser.value(profileOption);
    ctx.code = parser.value(codeOption);
    const QString command = args.first();
    const QStringList rest = args.mid(1);
    if (command == QLatin1String("demo"))
        return art32::ctl::demo(ctx, rest);
    if (command == QLatin1String("db"))
        return art32::ctl::db(ctx, rest);
    if (command == QLatin1String("profile"))
        return art32::ctl::profile(ctx, rest);
    if (command == QLatin1String("keys"))
        return art32::ctl::keys(ctx, rest);
    if (command == QLatin1String("admin"))
        return art32::ctl::admin(ctx, rest);
    if (command == QLatin1String("records"))
        return art32::ctl::records(ctx, rest);
    if (command == QLatin1String("subject"))
        return art32::ctl::subject(ctx, rest);
    if (command == QLatin1String("access"))
        return art32::ctl::access(ctx, rest);
    QTextStream(stderr) << "art32ctl: unknown command \"" << command << "\"; see art32ctl --help\n";
    return art32::ctl::Usage;
}
