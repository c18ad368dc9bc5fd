#pragma once
/// @file fuzz_result_entry.h
/// The result target's input handling: a result file's bytes (`backdoorlab-cli sweep|strip|audit
/// --json`, `merge`) through resultFromBytes(), the parser File > Open Result uses. A refusal
/// must name the input ("fuzz-result: ..."); a result that is read must be whole (a cell for
/// every learning rate and k, an entropy per STRIP input, a pruning value per k), which the views
/// rely on; anything else is thrown as std::logic_error, so the fuzz target reports it as a crash.
#include "app/desktop/result_file.h"

#include <stdexcept>
#include <string>

namespace bdl::fuzz {

inline void runResult(const std::string& bytes) {
    const QString origin = QStringLiteral("fuzz-result");
    app::ResultFile r;
    QString error;
    if (!app::resultFromBytes(QByteArray(bytes.data(), qsizetype(bytes.size())), &r, &error,
                              origin)) {
        if (!error.startsWith(origin + QStringLiteral(": ")))
            throw std::logic_error("a refusal that does not name the file: " + error.toStdString());
        return;
    }
    if (r.sweep) {
        const app::SweepData& s = r.sweep->sweep;
        if (s.cells.size() != s.lrs.size() * s.ks.size())
            throw std::logic_error("a sweep read with missing cells");
        for (const app::SweepCell& c : s.cells)
            if (c.asr.size() != s.poisonedNames.size() || !s.cell(c.lrIndex, c.kIndex))
                throw std::logic_error("a sweep cell without its sets' ASR");
    }
    if (r.strip) {
        QVector<const app::StripResultSet*> sets{&r.strip->clean};
        for (const app::StripResultSet& p : r.strip->poisoned)
            sets.push_back(&p);
        for (const app::StripResultSet* set : sets)
            if (set->n != set->entropy.size())
                throw std::logic_error("a STRIP set whose n is not its entropies");
        (void)r.strip->toStripData();
    }
    if (r.audit) {
        for (const app::AuditModel& m : r.audit->models) {
            if (m.pruneCca.size() != m.pruneKs.size())
                throw std::logic_error("a pruning curve whose CCA is not one per k");
            for (const auto& asr : m.pruneAsr)
                if (asr.size() != m.pruneKs.size())
                    throw std::logic_error("a pruning curve whose ASR is not one per k");
            (void)m.worstFrr();
            (void)m.worstFar();
            (void)m.worstAuroc();
        }
    }
}

} // namespace bdl::fuzz
