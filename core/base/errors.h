#pragma once
/// @file errors.h
/// The two exceptions that cross the core API boundary.
///
/// Every core function that reads user input throws bdl::core::Error with a message that names the
/// file (or data set) and the problem. Long jobs that observe a cancel request throw
/// bdl::core::Cancelled; a cancelled job never returns a partial result.
#include <stdexcept>
#include <string>

namespace bdl::core {

/// A user-facing error: bad input, unwritable output, unsupported model. what() is
/// "<source>: <problem>" when a source is known, else "<problem>".
class Error : public std::runtime_error {
public:
    Error(const std::string& source, const std::string& problem)
        : std::runtime_error(source.empty() ? problem : source + ": " + problem), m_source(source),
          m_problem(problem) {}
    explicit Error(const std::string& problem) : Error(std::string(), problem) {}
    /// The file or data set the problem is about (may be empty).
    const std::string& source() const { return m_source; }
    /// The problem without the source prefix.
    const std::string& problem() const { return m_problem; }

private:
    std::string m_source;
    std::string m_problem;
};

/// Thrown by a long job that saw its cancel flag. Not an error: callers keep their old results.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

} // namespace bdl::core
