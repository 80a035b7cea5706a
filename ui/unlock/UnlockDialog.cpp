#include "unlock/UnlockDialog.h"

#include "session/Session.h"
#include "ui_UnlockDialog.h"
#include "widgets/Icons.h"

#include <QRegularExpressionValidator>
#include <QStyle>

namespace art32::ui {

UnlockDialog::UnlockDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::UnlockDialog>())
{
    m_ui->setupUi(this);
    const int size = style()->pixelMetric(QStyle::PM_LargeIconSize) * 2;
    m_ui->iconLabel->setPixmap(icon(QStringLiteral("lock")).pixmap(size, size));
    m_ui->codeLineEdit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{0,6}")), m_ui->codeLineEdit));
    m_ui->codeLineEdit->setInputMethodHints(Qt::ImhDigitsOnly);
    QFont mono = m_ui->codeLineEdit->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(mono.pointSizeF() * 1.4);
    m_ui->codeLineEdit->setFont(mono);
    m_ui->unlockButton->setIcon(icon(QStringLiteral("unlock")));

    connect(m_ui->unlockButton, &QPushButton::clicked, this, &UnlockDialog::submit);
    connect(m_ui->codeLineEdit, &QLineEdit::returnPressed, this, &UnlockDialog::submit);
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
    m_ui->messageLabel->clear();
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
    m_ui->messageLabel->setText(text);
}

void UnlockDialog::submit()
{
    const QString code = m_ui->codeLineEdit->text();
    if (!m_session || code.size() != 6 || m_session->state() != Session::State::Locked)
        return;
    m_ui->messageLabel->clear();
    m_session->unlock(code);
}

void UnlockDialog::refused(const UnlockOutcome& outcome)
{
    m_ui->messageLabel->setText(outcome.message());
    m_ui->codeLineEdit->clear();
    m_ui->codeLineEdit->setFocus();
}

void UnlockDialog::updateState()
{
    const Session::State state = m_session ? m_session->state() : Session::State::Disconnected;
    const bool locked = state == Session::State::Locked;
    m_ui->codeLineEdit->setEnabled(locked);
    m_ui->unlockButton->setEnabled(locked && m_ui->codeLineEdit->text().size() == 6);
    m_ui->statusLabel->setText(m_session ? tr("%1 — %2").arg(m_session->profile().name, Session::describe(state))
                                         : QString());

    const bool failed = state == Session::State::Failed;
    const QString errorCode = m_session ? m_session->lastError().code : QString();
    m_ui->retryButton->setVisible(failed);
    // A missing keychain entry or a login that never enrolled: offer to set this machine up.
    m_ui->enrollButton->setVisible(state == Session::State::NeedsEnrollment
                                   || (failed && errorCode == QLatin1String("keychain.missing")));
    if (failed)
        m_ui->messageLabel->setText(m_session->lastError().message);
    else if (state == Session::State::NeedsEnrollment)
        m_ui->messageLabel->setText(tr("This login has not been enrolled on any device yet. Set it up: a key pair "
                                       "for this machine and a code for your authenticator app."));
    else if (locked && !m_session->lastError().code.isEmpty())
        m_ui->messageLabel->setText(m_session->lastError().message);

    const bool demo = m_session && m_session->profile().demo;
    m_ui->demoHintLabel->setVisible(demo);
    if (demo)
        m_ui->demoHintLabel->setText(
            tr("Demo: the code for this profile is printed by \"art32ctl demo code --admin %1\".")
                .arg(m_session->profile().name));
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
