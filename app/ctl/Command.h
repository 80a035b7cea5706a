#pragma once

#include <QCommandLineOption>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <limits>
#include <optional>

class QCommandLineParser;

namespace art32::ctl {

/**
 * Exit codes of art32ctl. Scripts and cron jobs test these numbers, so a number never changes its meaning: a new
 * outcome gets a new number, added at the end. fail() (Support.cpp) maps each error code to one of them, in one
 * place; README.md and `art32ctl --help` list them.
 */
enum Exit : int {
    Ok = 0, ///< done
    Failed = 1, ///< the work ran to its end and found failures (records that fail authentication; a newer schema)
    Usage = 2, ///< the command line was wrong; nothing was done
    NotRunning = 3, ///< the demo server is not running (`demo status`, as `pg_ctl status`; a command that needs it)
    Interrupted = 4, ///< stopped before its end (Ctrl+C, the session locked, the connection lost, less covered than
                     ///< counted): what was committed stays, running it again resumes or repeats it
    Refused = 5, ///< refused: a wrong or malformed code, locked out, not allowed for this role, input the server
                 ///< would refuse (checked before connecting), a locked keychain
    OtherError = 6, ///< could not be done: the server unreachable, its disk full, a keychain or database error
    NotFound = 7, ///< what was asked for does not exist: no account matches, no such profile, admin or grant
    BadBackup = 8, ///< a backup failed its check: truncated, altered, or its restore differs from its header
};

/** The exit codes, one line each, for --help and the README. */
QString exitCodesHelp();

/** The global options, given before the command. */
struct Context
{
    QString profile; ///< --profile, empty when not given
    QString code; ///< --code, the TOTP code; asked for on the terminal when empty
};

/** One option a command declares: the parser refuses every option a command does not declare. */
struct Option
{
    enum class Kind { Flag, Text, Number };

    QString name; ///< the long name, without the dashes
    Kind kind = Kind::Flag;
    QString valueName; ///< shown as --name VALUE
    QString help;
    bool required = false;
    QString defaultValue; ///< the value when the option is not given
    qint64 min = 0; ///< Number: the smallest accepted value
    qint64 max = std::numeric_limits<qint64>::max(); ///< Number: the largest accepted value
    QStringList choices; ///< Text: when not empty, the only values accepted

    static Option flag(const QString& name, const QString& help);
    static Option text(const QString& name, const QString& valueName, const QString& help);
    static Option number(const QString& name, const QString& valueName, const QString& help, qint64 min, qint64 max);
    /** A Text option that takes one of these values; valueName is "a|b|c". */
    static Option choice(const QString& name, const QStringList& choices, const QString& help);
    Option require() const; ///< the same option, which must be given
    Option withDefault(const QString& value) const; ///< the same option, with this value when not given

    bool takesValue() const { return kind != Kind::Flag; }
};

/** What a command needs before it runs; it decides the global options its usage line shows. */
enum class Needs {
    Nothing, ///< local work: the demo cluster, profiles
    Profile, ///< connects with a profile: [--profile P]
    Unlock, ///< connects and unlocks with a TOTP code: --profile P [--code -]
};

class Command;

/** A command line parsed against its command's declarations: every value in it has been checked. */
class Args
{
public:
    bool isSet(const QString& option) const { return m_set.contains(option); }
    /** The option's value, or its default when not given. */
    QString value(const QString& option) const { return m_values.value(option); }
    /** A Number option's value, checked against its range. */
    qint64 number(const QString& option) const { return m_values.value(option).toLongLong(); }
    QString positional(int i) const { return m_positional.value(i); }

private:
    friend class Command;
    QHash<QString, QString> m_values;
    QStringList m_set;
    QStringList m_positional;
};

/**
 * One command of the table: `group name`, what it does, what it accepts and what it runs. --help, `help COMMAND`,
 * the usage lines and the shell completion are all made from these declarations.
 */
class Command
{
public:
    using Run = std::function<int(const Context&, const Args&)>;

    Command(const QString& group, const QString& name, Needs needs, const QString& summary, Run run)
        : group(group)
        , name(name)
        , summary(summary)
        , needs(needs)
        , run(std::move(run))
    { }
    /** The same command with more declared: for a table that reads as one expression per command. */
    Command withDetails(const QString& text) const;
    Command withOptions(const QList<Option>& declared) const;
    Command withPositionals(const QStringList& names) const;
    Command withExactlyOneOf(const QStringList& names) const;

    QString group; ///< demo, db, profile, …
    QString name; ///< up, status, …
    QString summary; ///< one line
    QString details; ///< more for `help COMMAND`: input, output, exit codes; may be empty
    Needs needs = Needs::Nothing;
    QList<Option> options;
    QStringList positionals; ///< required positional arguments, by their names in the usage line
    QStringList exactlyOneOf; ///< options of which exactly one must be given
    Run run;

    QString words() const { return group + QLatin1Char(' ') + name; }
    /** The whole usage line: art32ctl [global options] group name [its options and arguments]. */
    QString usage() const;
    /** usage, summary, details and options: the answer to `art32ctl help group name`. */
    QString help() const;
    /**
     * Parses the words after `group name`. Unknown options, missing or extra arguments, missing values and numbers
     * that are no number or out of range are refused: the reason and the usage line go to stderr, and the result
     * is Usage. --help prints help() and gives Ok.
     */
    std::optional<int> parse(const QStringList& arguments, Args& parsed) const;

private:
    const Option* option(const QString& name) const;
};

/** Every command, in the order --help lists them. */
const QList<Command>& registry();

/** The command groups, in the files named after them. */
QList<Command> demoCommands();
QList<Command> dbCommands();
QList<Command> profileCommands();
QList<Command> keysCommands();
QList<Command> adminCommands();
QList<Command> recordsCommands();
QList<Command> subjectCommands();
QList<Command> accessCommands();
QList<Command> auditCommands(); // audit chain (i12-chain)
QList<Command> backupCommands(); // backups (issue 13)
// incidents (issue 14)
QList<Command> incidentCommands();
/** Whether the words run `incident export --format pdf`, which needs a QGuiApplication. */
bool incidentCommandNeedsGui(const QStringList& words);

/** The global options (--profile, --code, --help, --version), added to the parser main() uses. */
struct GlobalOptions
{
    QCommandLineOption profile, code, help, version;
};
const GlobalOptions& globalOptions();
void addGlobalOptions(QCommandLineParser& parser);
/** A QCommandLineParser's error in the form of art32ctl's own messages. */
QString parserError(const QCommandLineParser& parser);

/** --help: the global options and every command of the table, one line each. */
QString overview();

/** Runs the command the words name (group, name, then its own arguments); `help …` and `completion …` too. */
int dispatch(const Context& ctx, const QStringList& words);

/** The bash completion script: groups, their commands and each command's options, from the table. */
QString bashCompletion();

} // namespace art32::ctl
