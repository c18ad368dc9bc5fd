#include "core/base/feedback.h"

#include "core/base/errors.h"

#include <algorithm>
#include <cmath>

namespace bdl::core {

namespace {
constexpr double kMinProgressStep = 0.001; // emit only when progress moved by >= 0.1 %
}

void Feedback::setProgress(double fraction, const std::string& stage) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    m_last.store(fraction, std::memory_order_relaxed);
    if (!m_fn)
        return;
    const bool moved = std::fabs(fraction - m_lastEmitted) >= kMinProgressStep || fraction >= 1.0;
    const bool newStage = !stage.empty() && stage != m_lastStage;
    if (!moved && !newStage)
        return;
    if (fraction >= 1.0 && m_lastEmitted >= 1.0 && !newStage)
        return;
    m_lastEmitted = fraction;
    if (!stage.empty())
        m_lastStage = stage;
    m_fn(fraction, m_lastStage);
}

void ProgressScope::check() const {
    if (m_fb && m_fb->isCancelled())
        throw Cancelled();
}

void ProgressScope::set(double f, const std::string& stage) const {
    if (m_fb)
        m_fb->setProgress(m_begin + (m_end - m_begin) * std::clamp(f, 0.0, 1.0), stage);
    check();
}

ProgressScope ProgressScope::sub(double a, double b) const {
    const double span = m_end - m_begin;
    return ProgressScope(m_fb, m_begin + span * a, m_begin + span * b);
}

} // namespace bdl::core
