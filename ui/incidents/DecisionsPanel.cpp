#include "incidents/DecisionsPanel.h"

#include "core/TimeFormat.h"
#include "incidents/Rules.h"
#include "session/Services.h"
#include "session/Session.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace art32::ui {

using namespace art32::incidents;

namespace {

QPlainTextEdit* textBox(QWidget* parent)
{
    auto* e = new QPlainTextEdit(parent);
    e->setTabChangesFocus(true);
    e->setMaximumHeight(e->fontMetrics().lineSpacing() * 4);
    return e;
}

} // namespace

DecisionsPanel::DecisionsPanel(Session* session, QWidget* parent)
    : QGroupBox(tr("Decisions"), parent)
    , m_session(session)
    , m_notifyChoice(new QComboBox(this))
    , m_notifyRationale(textBox(this))
    , m_notifyButton(new QPushButton(tr("Record notify decision"), this))
    , m_notifyReason(new QLabel(this))
    , m_informChoice(new QComboBox(this))
    , m_ground(new QComboBox(this))
    , m_publicText(textBox(this))
    , m_informRationale(textBox(this))
    , m_informButton(new QPushButton(tr("Record inform decision"), this))
    , m_informProblem(new QLabel(this))
    , m_art34Hint(new QLabel(this))
    , m_useGroundA(new QPushButton(tr("Use ground a"), this))
    , m_history(new QTreeWidget(this))
    , m_inputs(new QWidget(this))
{
    setObjectName(QStringLiteral("decisionsPanel"));
    m_canNotify = session->capabilities().canDecideNotify;

    m_notifyChoice->setObjectName(QStringLiteral("notifyChoice"));
    m_notifyChoice->setAccessibleName(tr("Notify the authority"));
    m_notifyChoice->addItem(tr("(choose)"), QVariant());
    m_notifyChoice->addItem(tr("Yes, notify the authority"), true);
    m_notifyChoice->addItem(tr("No, do not notify"), false);
    m_notifyRationale->setObjectName(QStringLiteral("notifyRationale"));
    m_notifyRationale->setAccessibleName(tr("Rationale of the notify decision"));
    m_notifyRationale->setPlaceholderText(tr("Why: the risk to the people affected as you assess it"));
    m_notifyButton->setObjectName(QStringLiteral("recordNotifyButton"));
    m_notifyReason->setObjectName(QStringLiteral("notifyReason"));
    m_notifyReason->setWordWrap(true);

    m_informChoice->setObjectName(QStringLiteral("informChoice"));
    m_informChoice->setAccessibleName(tr("Inform the people affected"));
    m_informChoice->addItem(tr("(choose)"), QVariant());
    m_informChoice->addItem(tr("Yes, inform the people affected"), true);
    m_informChoice->addItem(tr("No, do not inform them"), false);
    m_ground->setObjectName(QStringLiteral("art34Ground"));
    m_ground->setAccessibleName(tr("Art. 34(3) ground"));
    m_ground->addItem(tr("(no exemption: high risk not likely)"), QString());
    m_ground->addItem(tr("a: the data were unintelligible (e.g. encrypted, key not compromised)"), QStringLiteral("a"));
    m_ground->addItem(tr("b: measures taken make the high risk no longer likely"), QStringLiteral("b"));
    m_ground->addItem(tr("c: informing each person takes disproportionate effort; a public communication instead"),
                      QStringLiteral("c"));
    m_publicText->setObjectName(QStringLiteral("publicCommunication"));
    m_publicText->setAccessibleName(tr("Public communication"));
    m_publicText->setPlaceholderText(tr("The text of the public communication (required for ground c)"));
    m_informRationale->setObjectName(QStringLiteral("informRationale"));
    m_informRationale->setAccessibleName(tr("Rationale of the inform decision"));
    m_informRationale->setPlaceholderText(tr("Why"));
    m_informButton->setObjectName(QStringLiteral("recordInformButton"));
    m_informProblem->setObjectName(QStringLiteral("informProblem"));
    m_informProblem->setWordWrap(true);
    m_art34Hint->setObjectName(QStringLiteral("decisionArt34Hint"));
    m_art34Hint->setWordWrap(true);
    m_art34Hint->setText(tr("The form says the data were encrypted or hashed and the key was not compromised: "
                            "Art. 34(3)(a) may exempt you from informing the people affected."));
    m_useGroundA->setObjectName(QStringLiteral("useGroundAButton"));

    auto* inputs = new QFormLayout(m_inputs);
    inputs->setRowWrapPolicy(QFormLayout::WrapLongRows);
    inputs->setContentsMargins(0, 0, 0, 0);
    auto* notifyLabel = new QLabel(tr("Notify the authority (Art. 33)"), this);
    notifyLabel->setWordWrap(true);
    notifyLabel->setBuddy(m_notifyChoice);
    inputs->addRow(notifyLabel, m_notifyChoice);
    inputs->addRow(tr("Why"), m_notifyRationale);
    auto* notifyRow = new QHBoxLayout;
    notifyRow->addWidget(m_notifyButton);
    notifyRow->addWidget(m_notifyReason, 1);
    notifyRow->addStretch(0);
    inputs->addRow(QString(), notifyRow);
    auto* informLabel = new QLabel(tr("Inform the people affected (Art. 34)"), this);
    informLabel->setWordWrap(true);
    informLabel->setBuddy(m_informChoice);
    inputs->addRow(informLabel, m_informChoice);
    inputs->addRow(QString(), m_art34Hint);
    auto* hintRow = new QHBoxLayout;
    hintRow->addWidget(m_useGroundA);
    hintRow->addStretch(1);
    inputs->addRow(QString(), hintRow);
    inputs->addRow(tr("Art. 34(3) ground"), m_ground);
    inputs->addRow(tr("Public communication"), m_publicText);
    inputs->addRow(tr("Why"), m_informRationale);
    auto* informRow = new QHBoxLayout;
    informRow->addWidget(m_informButton);
    informRow->addWidget(m_informProblem, 1);
    informRow->addStretch(0);
    inputs->addRow(QString(), informRow);

    m_history->setObjectName(QStringLiteral("decisionHistory"));
    m_history->setAccessibleName(tr("History of decisions"));
    m_history->setHeaderLabels({ tr("When"), tr("Who"), tr("Decision"), tr("Why") });
    m_history->setRootIsDecorated(false);
    m_history->setWordWrap(true);
    m_history->header()->setStretchLastSection(true);
    m_history->setMinimumHeight(m_history->fontMetrics().lineSpacing() * 6);

    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Each decision is kept as it was recorded; a new one supersedes it. The one in "
                                "force is marked."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    layout->addWidget(m_inputs);
    layout->addWidget(m_history);

    connect(m_notifyButton, &QPushButton::clicked, this, &DecisionsPanel::recordNotify);
    connect(m_informButton, &QPushButton::clicked, this, &DecisionsPanel::recordInform);
    connect(m_informChoice, &QComboBox::currentIndexChanged, this, &DecisionsPanel::updateControls);
    connect(m_ground, &QComboBox::currentIndexChanged, this, &DecisionsPanel::updateControls);
    connect(m_publicText, &QPlainTextEdit::textChanged, this, &DecisionsPanel::updateControls);
    connect(m_useGroundA, &QPushButton::clicked, this, [this] {
        m_informChoice->setCurrentIndex(m_informChoice->findData(false));
        m_ground->setCurrentIndex(m_ground->findData(QStringLiteral("a")));
        m_informRationale->setFocus();
    });
    setIncident({}, false);
}

void DecisionsPanel::setIncident(const Incident& incident, bool canEdit)
{
    m_incident = incident;
    m_canEdit = canEdit && incident.id != 0;
    // Auditors read the history only; a closed incident takes no decisions (the server refuses them too).
    const bool open = m_canEdit && incident.state != State::Closed;
    m_inputs->setVisible(canEdit);
    m_inputs->setEnabled(open);
    updateControls();
    showHistory();
}

void DecisionsPanel::setFormIncident(const Incident& incident)
{
    const bool hint = art34aMayApply(incident);
    m_art34Hint->setVisible(hint);
    m_useGroundA->setVisible(hint);
}

void DecisionsPanel::updateControls()
{
    m_notifyChoice->setEnabled(m_canNotify);
    m_notifyRationale->setEnabled(m_canNotify);
    m_notifyButton->setEnabled(m_canNotify);
    m_notifyReason->setText(m_canNotify ? QString()
                                        : tr("Only a CTO records whether the authority is notified. You can record "
                                             "whether the people affected are informed."));
    m_notifyReason->setVisible(!m_canNotify);
    const QVariant inform = m_informChoice->currentData();
    const bool no = inform.isValid() && !inform.toBool();
    m_ground->setEnabled(no);
    if (!no && m_ground->currentIndex() != 0)
        m_ground->setCurrentIndex(0);
    const bool c = m_ground->currentData().toString() == QLatin1String("c");
    m_publicText->setEnabled(c);
    m_informProblem->setText(c && m_publicText->toPlainText().trimmed().size() < 5
                                 ? tr("Ground c needs the public communication's text.")
                                 : QString());
}

void DecisionsPanel::showHistory()
{
    m_history->clear();
    const auto notify = m_incident.latest(QStringLiteral("notify_authority"));
    const auto inform = m_incident.latest(QStringLiteral("inform_subjects"));
    // Newest first: the one in force is on top of its kind.
    for (auto d = m_incident.decisions.crbegin(); d != m_incident.decisions.crend(); ++d) {
        const bool notifyKind = d->kind == QLatin1String("notify_authority");
        QString what = notifyKind
            ? (d->decision ? tr("Notify the authority: yes") : tr("Notify the authority: no"))
            : (d->decision ? tr("Inform the people affected: yes") : tr("Inform the people affected: no"));
        if (!d->art34Ground.isEmpty())
            what += QLatin1Char(' ') + tr("(Art. 34(3)(%1))").arg(d->art34Ground);
        const auto& current = notifyKind ? notify : inform;
        what += QLatin1Char(' ') + (current && current->id == d->id ? tr("— in force") : tr("— superseded"));
        QString why = d->rationale;
        if (!d->publicCommunication.isEmpty())
            why += QLatin1Char('\n') + tr("Public communication: %1").arg(d->publicCommunication);
        auto* item = new QTreeWidgetItem(m_history, { timefmt::absolute(d->decidedAt), d->decidedBy, what, why });
        item->setData(0, Qt::UserRole, d->id);
        item->setToolTip(3, why);
    }
    if (m_incident.decisions.isEmpty())
        new QTreeWidgetItem(m_history, { QString(), QString(), tr("No decisions yet."), QString() });
    for (int c = 0; c < 3; ++c)
        m_history->resizeColumnToContents(c);
}

void DecisionsPanel::recordNotify()
{
    const QVariant choice = m_notifyChoice->currentData();
    const QString why = m_notifyRationale->toPlainText().trimmed();
    if (!choice.isValid() || why.size() < 5) {
        emit failed(tr("Choose yes or no and write why (at least 5 characters) before recording the decision."));
        return;
    }
    send(QStringLiteral("notify_authority"), choice.toBool(), why, QString(), QString(), m_notifyButton);
}

void DecisionsPanel::recordInform()
{
    const QVariant choice = m_informChoice->currentData();
    const QString why = m_informRationale->toPlainText().trimmed();
    const QString ground = m_ground->currentData().toString();
    const QString publicText = m_publicText->toPlainText().trimmed();
    if (!choice.isValid() || why.size() < 5) {
        emit failed(tr("Choose yes or no and write why (at least 5 characters) before recording the decision."));
        return;
    }
    if (ground == QLatin1String("c") && publicText.size() < 5) {
        emit failed(tr("Ground c needs the public communication's text."));
        m_publicText->setFocus();
        return;
    }
    send(QStringLiteral("inform_subjects"), choice.toBool(), why, ground,
         ground == QLatin1String("c") ? publicText : QString(), m_informButton);
}

void DecisionsPanel::send(const QString& kind, bool decision, const QString& rationale, const QString& ground,
                          const QString& publicText, QPushButton* button)
{
    const qint64 id = m_incident.id;
    if (!id)
        return;
    button->setEnabled(false);
    m_session->request(
        this, [=](Services& s) { return s.decideIncident(id, kind, decision, rationale, ground, publicText); },
        [this, id, button, kind](Result<qint64> r) {
            button->setEnabled(true);
            updateControls();
            if (!r) {
                // The input stays for another try.
                emit failed(tr("The decision was not recorded: %1").arg(r.error().message));
                return;
            }
            if (kind == QLatin1String("notify_authority")) {
                m_notifyChoice->setCurrentIndex(0);
                m_notifyRationale->clear();
            } else {
                m_informChoice->setCurrentIndex(0);
                m_ground->setCurrentIndex(0);
                m_publicText->clear();
                m_informRationale->clear();
            }
            emit recorded(id);
        });
}

} // namespace art32::ui
