#include "core/Process.h"

#include <QCoreApplication>
#include <QProcess>
#include <sys/prctl.h>
#include <sys/resource.h>

namespace art32 {

void hardenProcess()
{
    const rlimit noCore { 0, 0 };
    setrlimit(RLIMIT_CORE, &noCore);
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

Result<ProcessOutput> runProcess(const QString& program, const QStringList& arguments, const QString& workingDirectory,
                                 int timeoutMs)
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    environment.remove(QStringLiteral("LANGUAGE"));
    process.setProcessEnvironment(environment);
    process.setProgram(program);
    process.setArguments(arguments);
    process.start();
    if (!process.waitForStarted())
        return Error {
            QStringLiteral("process.start"),
            QCoreApplication::translate("art32::Process", "Could not start %1: %2").arg(program, process.errorString())
        };
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return Error { QStringLiteral("process.timeout"),
                       QCoreApplication::translate("art32::Process", "%1 did not finish in time.").arg(program) };
    }
    ProcessOutput out;
    out.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    out.stdOut = QString::fromLocal8Bit(process.readAllStandardOutput());
    out.stdErr = QString::fromLocal8Bit(process.readAllStandardError());
    return out;
}

} // namespace art32
