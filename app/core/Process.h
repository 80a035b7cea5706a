#pragma once

#include "core/Result.h"

#include <QStringList>

namespace art32 {

struct ProcessOutput
{
    int exitCode = -1;
    QString stdOut;
    QString stdErr;
};

/**
 * Runs a program to completion (blocking: for the CLI and worker threads, never the GUI thread).
 * Fails with code "process.start" when it cannot start, "process.timeout" when it overruns; a non-zero
 * exit is not an error here, the caller reads exitCode.
 *
 * The program runs in the C locale (LC_ALL=C, LANGUAGE unset): the console acts on its exit code, never on its
 * text, and what it passes on as detail reads the same whatever the user's language.
 */
Result<ProcessOutput> runProcess(const QString& program, const QStringList& arguments,
                                 const QString& workingDirectory = QString(), int timeoutMs = 120000);

/**
 * Call first in main(): no core dumps (a crash must not write keys, passwords or personal data to disk), and
 * the process is not dumpable, so other processes of the same user cannot ptrace it or read /proc/PID/mem.
 */
void hardenProcess();

} // namespace art32
