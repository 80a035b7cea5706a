#include "unlock/UnlockDialog.h"

#include "auth/Totp.h"
#include "auth/Unlock.h"
#include "core/TimeFormat.h"
#include "session/Session.h"
#include "ui_UnlockDialog.h"
#include "widgets/Icons.h"

#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>

namespace art32::ui {

namespace {

/** "14:05 CET (in 15 min)": local time with the zone, and how far away it is. */
QString whenLocal(const QDateTime& at, const QDateTime& now)
{
    return timefmt::absoluteAndRelative(at, now);
}

} // namespace

UnlockDialog::UnlockDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::UnlockDialog>())
{
    m_ui->setupUi(this);
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2;
    m_ui->iconLabel->setPixmap(icon(QStringLiteral("lock")).pixmap(size, size));
    m_ui->iconLabel->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    // Room for a sentence per line, so long messages (paths, lock times) wrap instead of being cut.
    m_ui->messageLabel->setMinimumWidth(fontMetrics().averageCharWidth() * 50);
    m_ui->codeLineEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    QFont mono = m_ui->codeLineEdit->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(mono.pointSizeF() * 1.4);
    m_ui->codeLineEdit->setFont(mono);
    m_ui->unlockButton->setIcon(icon(QStringLiteral("unlock")));
    // Return unlocks: Unlock is the one default button, and no other button may take that role when it gets the
    // focus (a focused auto-default Quit used to catch the Return that had just sent the code).
    m_ui->unlockButton->setDefault(true);
    for (QPushButton* b : { m_ui->quitButton, m_ui->retryButton, m_ui->enrollButton }) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }

    connect(m_ui->unlockButton, &QPushButton::clicked, this, &UnlockDialog::submit);
    connect(m_ui->codeLineEdit, &QLineEdit::textEdited, this, [this](const QString& text) {
        // "123 456" as an authenticator shows it: keep the digits; say at once what else is wrong.
        const QString code = normalizedCode(text);
        const bool digits = !code.contains(QRegularExpression(QStringLiteral("[^0-9]")));
        if (code != text && digits)
            m_ui->codeLineEdit->setText(code);
        setMessage(digits && code.size() <= 6 ? QString() : codeProblem(code));
    });
    connect(m_ui->codeLineEdit, &QLineEdit::textChanged, this, &UnlockDialog::updateState);
    connect(m_ui->retryButton, &QPushButton::clicked, this, [this] {
        if (m_session)
            m_session->open();
    });
    connect(m_ui->enrollButton, &QPushButton::clicked, this, &UnlockDialog::setUpRequested);
    connect(m_ui->quitButton, &QPushButton::clicked, this, &UnlockDialog::quitRequested);
    connect(m_ui->profileComboBox, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        if (!name.isEmpty() && (!m_session || m_session->profile().name != name))
            emit profileChosen(name);
    });
    updateState();
}

UnlockDialog::~UnlockDialog() = default;

QString UnlockDialog::normalizedCode(const QString& typed)
{
    QString code;
    for (const QChar c : typed) {
        if (!c.isSpace() && c != QLatin1Char('-'))
            code.append(c);
    }
    return code;
}

QString UnlockDialog::codeProblem(const QString& typed)
{
    const QString code = normalizedCode(typed);
    if (code.isEmpty())
        return tr("Type the 6-digit code your authenticator app shows for this login.");
    for (const QChar c : code) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return tr("A code has only digits; \"%1\" is not one. Type the 6 digits your authenticator app shows.")
                .arg(c);
    }
    if (code.size() != 6)
        return tr("A code has 6 digits; this one has %1.").arg(code.size());
    return QString();
}

QString UnlockDialog::triesLeft(const UnlockOutcome& outcome)
{
    // The server counts replays and rolled-back guesses as failures too (art32.unlock_tries_left).
    return tr("%n tries left before a lock of %1.", nullptr, outcome.triesLeft)
        .arg(timefmt::duration(qint64(outcome.lockMinutes) * 60));
}

QString UnlockDialog::refusalMessage(const UnlockOutcome& outcome, const QDateTime& now)
{
    const QString reset = tr("The lock ends by itself then. A CTO can end it sooner by resetting your enrollment "
                             "(\"art32ctl admin reset <login>\"); you then enroll again.");
    switch (outcome.status) {
    case UnlockOutcome::Status::Replayed: {
        const int step = Totp::kStep;
        const int wait = step - static_cast<int>(now.toSecsSinceEpoch() % step);
        const QString used
            = tr("This code has been used already. Your authenticator shows the next one in %1 s.").arg(wait);
        if (outcome.triesLeft >= 0 && !outcome.lockedUntil.isValid())
            return used + QLatin1Char(' ') + triesLeft(outcome);
        return used;
    }
    case UnlockOutcome::Status::Locked:
        return tr("Too many wrong codes: this admin is locked until %1.").arg(whenLocal(outcome.lockedUntil, now))
            + QLatin1Char(' ') + reset;
    case UnlockOutcome::Status::Wrong:
        if (outcome.lockedUntil.isValid())
            return tr("Wrong code. Too many wrong codes in a row: this admin is locked until %1.")
                       .arg(whenLocal(outcome.lockedUntil, now))
                + QLatin1Char(' ') + reset;
        if (outcome.triesLeft >= 0)
            return outcome.message() + QLatin1Char(' ') + triesLeft(outcome);
        return outcome.message();
    default:
        return outcome.message();
    }
}

void UnlockDialog::setProfiles(const QStringList& names, const QString& current)
{
    const QSignalBlocker block(m_ui->profileComboBox);
    m_ui->profileComboBox->clear();
    m_ui->profileComboBox->addItems(names);
    m_ui->profileComboBox->setCurrentText(current);
    const bool choose = names.size() > 1;
    m_ui->profileComboBox->setVisible(choose);
    m_ui->profileLabel->setVisible(choose);
}

void UnlockDialog::setSession(Session* session)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    setMessage(QString());
    m_ui->codeLineEdit->clear();
    if (m_session) {
        connect(m_session, &Session::stateChanged, this, &UnlockDialog::updateState);
        connect(m_session, &Session::unlockRefused, this, &UnlockDialog::refused);
        const QSignalBlocker block(m_ui->profileComboBox);
        m_ui->profileComboBox->setCurrentText(m_session->profile().name);
    }
    updateState();
}

void UnlockDialog::showMessage(const QString& text)
{
    setMessage(text);
}

void UnlockDialog::setMessage(const QString& text)
{
    m_ui->messageLabel->setText(text);
    fitContents();
}

void UnlockDialog::fitContents()
{
    QLayout* layout = this->layout();
    layout->activate();
    const int width = qMax(this->width(), layout->minimumSize().width());
    const int height
        = layout->hasHeightForWidth() ? layout->totalHeightForWidth(width) : layout->totalSizeHint().height();
    if (this->width() < width || this->height() < height)
        resize(qMax(this->width(), width), qMax(this->height(), height));
}

void UnlockDialog::submit()
{
    if (!m_session || m_session->state() != Session::State::Locked)
        return;
    const QString code = normalizedCode(m_ui->codeLineEdit->text());
    if (const QString problem = codeProblem(code); !problem.isEmpty()) {
        setMessage(problem);
        m_ui->codeLineEdit->setFocus();
        return;
    }
    setMessage(QString());
    m_session->unlock(code);
}

void UnlockDialog::refused(const UnlockOutcome& outcome)
{
    setMessage(refusalMessage(outcome, QDateTime::currentDateTimeUtc()));
    m_ui->codeLineEdit->clear();
    m_ui->codeLineEdit->setFocus();
}

void UnlockDialog::updateState()
{
    const Session::State state = m_session ? m_session->state() : Session::State::Disconnected;
    const bool locked = state == Session::State::Locked;
    // Read-only rather than disabled while the code is on its way: the field keeps the focus, so no button
    // inherits it (and with it the Return key).
    m_ui->codeLineEdit->setReadOnly(!locked);
    m_ui->codeLineEdit->setEnabled(locked || state == Session::State::Unlocking);
    m_ui->unlockButton->setEnabled(locked);
    m_ui->statusLabel->setText(m_session ? tr("%1 — %2").arg(m_session->profile().name, Session::describe(state))
                                         : QString());

    const bool failed = state == Session::State::Failed;
    const QString errorCode = m_session ? m_session->lastError().code : QString();
    m_ui->retryButton->setVisible(failed);
    // A missing keychain entry or a login that never enrolled: offer to set this machine up.
    m_ui->enrollButton->setVisible(state == Session::State::NeedsEnrollment
                                   || (failed && errorCode == QLatin1String("keychain.missing")));
    if (state == Session::State::ReadingKeychain || state == Session::State::Connecting
        || state == Session::State::Unlocked) {
        // A new attempt (Retry, a reconnect) or success: what was refused before, and a code that is spent now, go.
        if (!m_ui->messageLabel->text().isEmpty())
            setMessage(QString());
        m_ui->codeLineEdit->clear();
    } else if (failed)
        setMessage(m_session->lastError().message);
    else if (state == Session::State::NeedsEnrollment)
        setMessage(tr("This login has not been enrolled on any device yet. Set it up: a key pair "
                      "for this machine and a code for your authenticator app."));
    else if (locked && !m_session->lastError().code.isEmpty())
        setMessage(m_session->lastError().message);

    const bool demo = m_session && m_session->profile().demo;
    m_ui->demoHintLabel->setVisible(demo);
    if (demo)
        m_ui->demoHintLabel->setText(
            tr("Demo: the code for this profile is printed by \"art32ctl demo code --admin %1\".")
                .arg(m_session->profile().name));
    fitContents();
    if (locked)
        m_ui->codeLineEdit->setFocus();
}

void UnlockDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
        updateState();
    }
    QDialog::changeEvent(event);
}

void UnlockDialog::reject()
{
    emit quitRequested(); // Escape or the window's close button: nothing is unlocked, so leave
}

} // namespace art32::ui
