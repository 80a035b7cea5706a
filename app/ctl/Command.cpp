#include "Command.h"

#include "Support.h"
#include "demo/DemoCluster.h"

#include <QCommandLineParser>
#include <algorithm>
#include <initializer_list>

namespace art32::ctl {
namespace {

constexpr int kWidth = 100; ///< help text is wrapped to this many columns

/** The words of text, wrapped at kWidth; lines after the first start at column. */
QString wrapped(const QString& text, qsizetype column)
{
    QString result;
    qsizetype used = column;
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (used > column && used + 1 + word.size() > kWidth) {
            result += QLatin1Char('\n') + QString(column, QLatin1Char(' '));
            used = column;
        } else if (used > column) {
            result += QLatin1Char(' ');
            ++used;
        }
        result += word;
        used += word.size();
    }
    return result;
}

/** Two columns: the left one as wide as its widest entry, the right one wrapped. */
QString table(const QList<std::pair<QString, QString>>& rows)
{
    qsizetype left = 0;
    for (const auto& row : rows)
        left = std::max(left, row.first.size());
    QString result;
    for (const auto& [term, text] : rows)
        result += QStringLiteral("  ") + term.leftJustified(left + 3) + wrapped(text, left + 5) + QLatin1Char('\n');
    return result;
}

QString spelled(const Option& o)
{
    return o.takesValue() ? QStringLiteral("--%1 %2").arg(o.name, o.valueName) : QStringLiteral("--") + o.name;
}

QString optionHelp(const Option& o)
{
    QString text = o.help;
    if (o.kind == Option::Kind::Number && o.max < std::numeric_limits<int>::max())
        text += QStringLiteral(" From %1 to %2.").arg(o.min).arg(o.max);
    if (!o.defaultValue.isEmpty())
        text += QStringLiteral(" Default: %1.").arg(o.defaultValue);
    if (o.required)
        text += QStringLiteral(" Required.");
    return text;
}

QString globalsFor(Needs needs)
{
    switch (needs) {
    case Needs::Nothing:
        return QString();
    case Needs::Profile:
        return QStringLiteral("[--profile P] ");
    case Needs::Unlock:
        return QStringLiteral("--profile P [--code -] ");
    }
    return QString();
}

QString globalSpelled(const QCommandLineOption& o)
{
    QStringList names;
    for (const QString& n : o.names())
        names << (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
    return names.join(QStringLiteral(", ")) + (o.valueName().isEmpty() ? QString() : QLatin1Char(' ') + o.valueName());
}

QList<const Command*> commandsOf(const QString& group)
{
    QList<const Command*> found;
    for (const Command& c : registry())
        if (c.group == group)
            found << &c;
    return found;
}

QStringList groups()
{
    QStringList names;
    for (const Command& c : registry())
        if (!names.contains(c.group))
            names << c.group;
    return names;
}

/** A group named without (or with an unknown) command: what it has, on stderr. */
int groupUsage(const QString& group, const QString& reason)
{
    err() << "art32ctl: " << reason << '\n';
    const char* lead = "usage: ";
    for (const Command* c : commandsOf(group)) {
        err() << lead << c->usage() << '\n';
        lead = "       ";
    }
    err().flush();
    return Usage;
}

/** `help`, `help GROUP`, `help GROUP COMMAND`. */
int help(const QStringList& words)
{
    if (words.isEmpty() || words.first() == QLatin1String("help")) {
        out() << overview() << Qt::flush;
        return Ok;
    }
    const QList<const Command*> inGroup = commandsOf(words.first());
    if (inGroup.isEmpty() || words.size() > 2) {
        err() << "art32ctl: no command \"" << words.join(QLatin1Char(' ')) << "\"; see art32ctl --help" << Qt::endl;
        return Usage;
    }
    QStringList texts;
    for (const Command* c : inGroup)
        if (words.size() == 1 || c->name == words.at(1))
            texts << c->help();
    if (texts.isEmpty())
        return groupUsage(words.first(), QStringLiteral("no command \"%1\"").arg(words.join(QLatin1Char(' '))));
    out() << texts.join(QLatin1Char('\n')) << Qt::flush;
    return Ok;
}

QList<Command> completionCommands()
{
    const auto bash = [](const Context&, const Args&) -> int {
        out() << bashCompletion() << Qt::flush;
        return Ok;
    };
    return { Command(QStringLiteral("completion"), QStringLiteral("bash"), Needs::Nothing,
                     QStringLiteral("Prints a bash completion script for these commands and their options."), bash)
                 .withDetails(QStringLiteral(
                     "To use it: art32ctl completion bash > ~/.local/share/bash-completion/completions/art32ctl")) };
}

/** A bash word list: the words, space-separated, quoted for a double-quoted string. */
QString wordList(const QStringList& words)
{
    return QLatin1Char('"') + words.join(QLatin1Char(' ')) + QLatin1Char('"');
}

} // namespace

QString parserError(const QCommandLineParser& parser)
{
    // Qt's sentences ("Unknown option 'x'.") in the form of ours, which follow "art32ctl: ".
    QString text = parser.errorText();
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (!text.isEmpty())
        text[0] = text.at(0).toLower();
    return text;
}

Option Option::flag(const QString& name, const QString& help)
{
    Option o;
    o.name = name;
    o.help = help;
    return o;
}

Option Option::text(const QString& name, const QString& valueName, const QString& help)
{
    Option o = flag(name, help);
    o.kind = Kind::Text;
    o.valueName = valueName;
    return o;
}

Option Option::number(const QString& name, const QString& valueName, const QString& help, qint64 min, qint64 max)
{
    Option o = text(name, valueName, help);
    o.kind = Kind::Number;
    o.min = min;
    o.max = max;
    return o;
}

Option Option::choice(const QString& name, const QStringList& choices, const QString& help)
{
    Option o = text(name, choices.join(QLatin1Char('|')), help);
    o.choices = choices;
    return o;
}

Option Option::require() const
{
    Option o = *this;
    o.required = true;
    return o;
}

Option Option::withDefault(const QString& value) const
{
    Option o = *this;
    o.defaultValue = value;
    return o;
}

Command Command::withDetails(const QString& text) const
{
    Command c = *this;
    c.details = text;
    return c;
}

Command Command::withOptions(const QList<Option>& declared) const
{
    Command c = *this;
    c.options = declared;
    return c;
}

Command Command::withPositionals(const QStringList& names) const
{
    Command c = *this;
    c.positionals = names;
    return c;
}

Command Command::withExactlyOneOf(const QStringList& names) const
{
    Command c = *this;
    c.exactlyOneOf = names;
    return c;
}

const Option* Command::option(const QString& name) const
{
    for (const Option& o : options)
        if (o.name == name)
            return &o;
    return nullptr;
}

QString Command::usage() const
{
    QStringList parts { QStringLiteral("art32ctl ") + globalsFor(needs) + words() };
    if (!exactlyOneOf.isEmpty()) {
        QStringList choice;
        for (const QString& name : exactlyOneOf)
            choice << spelled(*option(name));
        parts << choice.join(QStringLiteral(" | "));
    }
    for (const Option& o : options) {
        if (exactlyOneOf.contains(o.name))
            continue;
        parts << (o.required ? spelled(o) : QStringLiteral("[%1]").arg(spelled(o)));
    }
    parts << positionals;
    return parts.join(QLatin1Char(' '));
}

QString Command::help() const
{
    QString text = QStringLiteral("usage: %1\n\n%2\n").arg(usage(), summary);
    if (!details.isEmpty())
        text += wrapped(details, 0) + QLatin1Char('\n');
    QList<std::pair<QString, QString>> rows;
    for (const Option& o : options)
        rows.append({ spelled(o), optionHelp(o) });
    if (!exactlyOneOf.isEmpty()) {
        QStringList names;
        for (const QString& name : exactlyOneOf)
            names << QStringLiteral("--") + name;
        rows.append({ QString(), QStringLiteral("Give exactly one of %1.").arg(names.join(QStringLiteral(", "))) });
    }
    if (!rows.isEmpty())
        text += QStringLiteral("\nOptions:\n") + table(rows);
    return text;
}

std::optional<int> Command::parse(const QStringList& arguments, Args& parsed) const
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption(QStringList { QStringLiteral("h"), QStringLiteral("help") });
    parser.addOption(helpOption);
    for (const Option& o : options)
        parser.addOption(o.takesValue() ? QCommandLineOption(o.name, o.help, o.valueName) : QCommandLineOption(o.name));
    if (!parser.parse(QStringList { QStringLiteral("art32ctl") } + arguments))
        return usageError(*this, parserError(parser));
    if (parser.isSet(helpOption)) {
        out() << help() << Qt::flush;
        return Ok;
    }
    parsed.m_positional = parser.positionalArguments();
    if (parsed.m_positional.size() > positionals.size())
        return usageError(*this,
                          QStringLiteral("unexpected argument \"%1\"").arg(parsed.m_positional.at(positionals.size())));
    // A positional written "[NAME]" may be left out (backups: `backup verify [FILE]`); the others are required.
    const auto required = std::count_if(positionals.begin(), positionals.end(),
                                        [](const QString& n) { return !n.startsWith(QLatin1Char('[')); });
    if (parsed.m_positional.size() < required)
        return usageError(*this, QStringLiteral("%1 is missing").arg(positionals.at(parsed.m_positional.size())));
    for (const Option& o : options) {
        if (!parser.isSet(o.name)) {
            if (o.required)
                return usageError(*this, QStringLiteral("--%1 is required").arg(o.name));
            parsed.m_values.insert(o.name, o.defaultValue);
            continue;
        }
        parsed.m_set << o.name;
        const QString value = parser.value(o.name);
        if (o.required && value.isEmpty())
            return usageError(*this, QStringLiteral("--%1 needs a value").arg(o.name));
        if (o.kind == Option::Kind::Number) {
            bool ok = false;
            const qint64 n = value.toLongLong(&ok);
            if (!ok || n < o.min || n > o.max)
                return usageError(*this,
                                  o.max == std::numeric_limits<qint64>::max()
                                      ? QStringLiteral("--%1 takes a whole number of at least %2, not \"%3\"")
                                            .arg(o.name)
                                            .arg(o.min)
                                            .arg(value)
                                      : QStringLiteral("--%1 takes a whole number from %2 to %3, not \"%4\"")
                                            .arg(o.name)
                                            .arg(o.min)
                                            .arg(o.max)
                                            .arg(value));
        }
        if (!o.choices.isEmpty() && !o.choices.contains(value))
            return usageError(
                *this,
                QStringLiteral("--%1 takes %2, not \"%3\"").arg(o.name, o.choices.join(QStringLiteral(", ")), value));
        parsed.m_values.insert(o.name, value);
    }
    if (!exactlyOneOf.isEmpty()) {
        qsizetype given = 0;
        for (const QString& name : exactlyOneOf)
            given += parsed.isSet(name) ? 1 : 0;
        if (given != 1) {
            QStringList names;
            for (const QString& name : exactlyOneOf)
                names << QStringLiteral("--") + name;
            return usageError(*this, QStringLiteral("give exactly one of %1").arg(names.join(QStringLiteral(", "))));
        }
    }
    return std::nullopt;
}

const QList<Command>& registry()
{
    static const QList<Command> all = [] {
        QList<Command> list;
        for (auto group :
             { demoCommands, dbCommands, profileCommands, adminCommands, keysCommands, recordsCommands, subjectCommands,
               accessCommands, auditCommands, backupCommands, incidentCommands, completionCommands })
            list += group();
        return list;
    }();
    return all;
}

const GlobalOptions& globalOptions()
{
    static const GlobalOptions options {
        QCommandLineOption(
            { QStringLiteral("p"), QStringLiteral("profile") },
            QStringLiteral("Connection profile to use. Default: %1.").arg(QLatin1String(DemoCluster::kDefaultProfile)),
            QStringLiteral("NAME")),
        QCommandLineOption({ QStringLiteral("c"), QStringLiteral("code") },
                           QStringLiteral("TOTP code to unlock with: - reads it from stdin; not given, it is asked for "
                                          "on the terminal without echo. (A code in the arguments is visible to other "
                                          "local users.)"),
                           QStringLiteral("CODE")),
        QCommandLineOption({ QStringLiteral("h"), QStringLiteral("help") },
                           QStringLiteral("Print this overview; art32ctl help COMMAND prints a command's options.")),
        QCommandLineOption({ QStringLiteral("V"), QStringLiteral("version") },
                           QStringLiteral("Print the version of art32ctl and its libraries.")),
    };
    return options;
}

void addGlobalOptions(QCommandLineParser& parser)
{
    const GlobalOptions& g = globalOptions();
    parser.addOptions({ g.profile, g.code, g.help, g.version });
    // Options after the command belong to it.
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
}

QString overview()
{
    QList<std::pair<QString, QString>> commands;
    for (const Command& c : registry())
        commands.append({ c.words(), c.summary });
    commands.append({ QStringLiteral("help [COMMAND]"),
                      QStringLiteral("Prints a command's usage and options, or those of a whole group.") });
    const GlobalOptions& g = globalOptions();
    QList<std::pair<QString, QString>> options;
    for (const QCommandLineOption* o : { &g.profile, &g.code, &g.help, &g.version })
        options.append({ globalSpelled(*o), o->description() });
    return QStringLiteral("Art32 Console command line.\n\n"
                          "usage: art32ctl [--profile NAME] [--code CODE] COMMAND [OPTIONS]\n\n"
                          "Commands:\n%1\nOptions, before the command:\n%2\nExit codes:\n%3\n"
                          "art32ctl help COMMAND prints a command's usage and options, e.g. art32ctl help records "
                          "verify.\n")
        .arg(table(commands), table(options), exitCodesHelp());
}

QString exitCodesHelp()
{
    const QList<std::pair<QString, QString>> codes {
        { QString::number(Ok), QStringLiteral("done") },
        { QString::number(Failed), QStringLiteral("done, and found failures (records that fail authentication)") },
        { QString::number(Usage), QStringLiteral("the command line was wrong; nothing was done") },
        { QString::number(NotRunning), QStringLiteral("the demo server is not running") },
        { QString::number(Interrupted),
          QStringLiteral("stopped before its end (Ctrl+C, the session locked, the connection lost); what was "
                         "committed stays, and running it again resumes or repeats it") },
        { QString::number(Refused),
          QStringLiteral("refused: a wrong or malformed code, locked out, not allowed for your role, input the "
                         "server would refuse, a locked keychain") },
        { QString::number(OtherError),
          QStringLiteral("could not be done: server unreachable, disk full, other errors") },
        { QString::number(NotFound), QStringLiteral("not found: no account matches, no such profile, admin or grant") },
        { QString::number(BadBackup),
          QStringLiteral("a backup failed its check: truncated, altered, or its restore differs from its header") },
    };
    return table(codes);
}

int dispatch(const Context& ctx, const QStringList& words)
{
    if (words.isEmpty()) {
        err() << overview() << Qt::flush;
        return Usage;
    }
    const QString group = words.first();
    if (group == QLatin1String("help"))
        return help(words.mid(1));
    if (commandsOf(group).isEmpty()) {
        err() << "art32ctl: unknown command \"" << group << "\"; see art32ctl --help" << Qt::endl;
        return Usage;
    }
    const QString name = words.value(1);
    if (name == QLatin1String("--help") || name == QLatin1String("-h"))
        return help({ group });
    for (const Command* c : commandsOf(group)) {
        if (c->name != name)
            continue;
        Args args;
        if (const auto refused = c->parse(words.mid(2), args))
            return *refused;
        return c->run(ctx, args);
    }
    return groupUsage(group,
                      name.isEmpty() ? QStringLiteral("%1 needs a command").arg(group)
                                     : QStringLiteral("unknown command \"%1 %2\"").arg(group, name));
}

QString bashCompletion()
{
    const GlobalOptions& g = globalOptions();
    QStringList globalWords, globalValues;
    for (const QCommandLineOption* o : { &g.profile, &g.code, &g.help, &g.version }) {
        for (const QString& n : o->names()) {
            const QString word = (n.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + n;
            globalWords << word;
            if (!o->valueName().isEmpty())
                globalValues << word;
        }
    }
    QString subcommands, options;
    for (const QString& group : groups()) {
        QStringList names;
        for (const Command* c : commandsOf(group)) {
            names << c->name;
            QStringList words { QStringLiteral("--help") }, values;
            for (const Option& o : c->options) {
                words << QStringLiteral("--") + o.name;
                if (o.takesValue())
                    values << QStringLiteral("--") + o.name;
            }
            options += QStringLiteral("    \"%1\") opts=%2 values=%3 ;;\n")
                           .arg(c->words(), wordList(words), wordList(values));
        }
        subcommands += QStringLiteral("    %1) echo %2 ;;\n").arg(group, wordList(names));
    }
    QStringList groupWords = groups();
    groupWords << QStringLiteral("help");
    // The script walks the words: global options (and their values), the group, the command, then the command's
    // own options. --profile's value is completed from `art32ctl profile list`.
    return QStringLiteral(
               R"bash(# bash completion for art32ctl, made by `art32ctl completion bash` from its command table.
_art32ctl_commands()
{
    case $1 in
%1    esac
}

_art32ctl()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]} i=1
    COMPREPLY=()
    while ((i < COMP_CWORD)); do
        case ${COMP_WORDS[i]} in
        %2) ((i += 2)) ;;
        -*) ((i += 1)) ;;
        *) break ;;
        esac
    done
    if ((i > COMP_CWORD)); then
        case $prev in
        -p | --profile)
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" profile list 2>/dev/null | cut -f1)" -- "$cur")) ;;
        esac
        return
    fi
    if ((i == COMP_CWORD)); then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W %3 -- "$cur"))
        else
            COMPREPLY=($(compgen -W %4 -- "$cur"))
        fi
        return
    fi
    local group=${COMP_WORDS[i]}
    if [[ $group == help ]]; then
        ((i += 1))
        group=${COMP_WORDS[i]}
        if ((i == COMP_CWORD)); then
            COMPREPLY=($(compgen -W %4 -- "$cur"))
        elif ((i + 1 == COMP_CWORD)); then
            COMPREPLY=($(compgen -W "$(_art32ctl_commands "$group")" -- "$cur"))
        fi
        return
    fi
    if ((i + 1 == COMP_CWORD)); then
        COMPREPLY=($(compgen -W "$(_art32ctl_commands "$group")" -- "$cur"))
        return
    fi
    local opts= values=
    case "$group ${COMP_WORDS[i + 1]}" in
%5    esac
    if ((COMP_CWORD > i + 2)) && [[ " $values " == *" $prev "* ]]; then
        return
    fi
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -F _art32ctl art32ctl
)bash")
        .arg(subcommands, globalValues.join(QStringLiteral(" | ")), wordList(globalWords), wordList(groupWords),
             options);
}

} // namespace art32::ctl
