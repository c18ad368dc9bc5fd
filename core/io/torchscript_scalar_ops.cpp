// The TorchScript translation's integer and boolean logic on shapes (size(), dim(), len(),
// comparisons and arithmetic), evaluated for the input shape being translated.
#include "core/io/torchscript_translator.h"

#include "core/base/errors.h"

#include <torch/csrc/jit/ir/constants.h>
#include <torch/csrc/jit/ir/ir.h>

#include <algorithm>
#include <cmath>

namespace bdl::core::torchscript_detail {

bool Translator::scalarOp(const Node* n, const std::string& op) {
    auto setInt = [&](int64_t v) {
        Sym s;
        s.kind = Sym::Kind::Int;
        s.integer.value = v;
        set(n->output(), std::move(s));
    };
    auto setConst = [&](c10::IValue v) {
        Sym s;
        s.kind = Sym::Kind::Constant;
        s.constant = std::move(v);
        set(n->output(), std::move(s));
    };
    if (op == "aten::size" && isLayer(n, 0)) {
        const auto sizes = nchw(sym(n->input(0), n).layer); // a shape query reads no values
        if (n->inputs().size() == 1) {
            Sym s;
            s.kind = Sym::Kind::IntList;
            for (size_t i = 0; i < sizes.size(); ++i)
                s.ints.push_back(SymInt{i == 0, sizes[i]});
            set(n->output(), std::move(s));
            return true;
        }
        int64_t d = intIn(n, 1);
        const int64_t rank = static_cast<int64_t>(sizes.size());
        if (d < 0)
            d += rank;
        if (d < 0 || d >= rank)
            fail(n, "dimension out of range");
        Sym s;
        s.kind = Sym::Kind::Int;
        s.integer = SymInt{d == 0, sizes[size_t(d)]};
        set(n->output(), std::move(s));
        return true;
    }
    if (op == "aten::dim" && isLayer(n, 0)) {
        setInt(static_cast<int64_t>(nchw(sym(n->input(0), n).layer).size()));
        return true;
    }
    if (op == "prim::dtype" && isLayer(n, 0)) {
        setInt(static_cast<int64_t>(c10::ScalarType::Float));
        return true;
    }
    if (op == "aten::len") {
        const Sym& s = sym(n->input(0), n);
        if (s.kind == Sym::Kind::IntList)
            setInt(static_cast<int64_t>(s.ints.size()));
        else if (s.kind == Sym::Kind::LayerList)
            setInt(static_cast<int64_t>(s.layers.size()));
        else if (s.kind == Sym::Kind::Constant && s.constant.isList())
            setInt(static_cast<int64_t>(s.constant.toListRef().size()));
        else
            fail(n, "length of something that is not a list");
        return true;
    }
    if (op == "aten::__getitem__") {
        const Sym& s = sym(n->input(0), n);
        int64_t i = intIn(n, 1);
        auto pick = [&](auto size) {
            if (i < 0)
                i += size;
            if (i < 0 || i >= size)
                fail(n, "index out of range");
            return size_t(i);
        };
        Sym out;
        if (s.kind == Sym::Kind::IntList) {
            out.kind = Sym::Kind::Int;
            out.integer = s.ints[pick(int64_t(s.ints.size()))];
        } else if (s.kind == Sym::Kind::LayerList) {
            out.kind = Sym::Kind::Layer;
            out.layer = s.layers[pick(int64_t(s.layers.size()))];
        } else if (s.kind == Sym::Kind::Tuple) {
            out = s.parts[pick(int64_t(s.parts.size()))];
        } else {
            fail(n, "indexes something that is not a list of known length");
        }
        set(n->output(), std::move(out));
        return true;
    }
    if (op == "aten::__is__" || op == "aten::__isnot__") {
        const bool none0 = isNoneIn(n, 0);
        const bool none1 = isNoneIn(n, 1);
        if (!none0 && !none1)
            fail(n, "identity comparison of two values");
        const bool same = none0 && none1;
        setConst(c10::IValue(op == "aten::__is__" ? same : !same));
        return true;
    }
    if (op == "aten::__not__") {
        setConst(c10::IValue(!boolIn(n, 0)));
        return true;
    }
    if (op == "aten::__and__" || op == "aten::__or__") {
        // Only booleans here: a tensor & or | is not an op the importer supports.
        if (isLayer(n, 0))
            return false;
        const bool a = boolIn(n, 0);
        const bool b = boolIn(n, 1);
        setConst(c10::IValue(op == "aten::__and__" ? (a && b) : (a || b)));
        return true;
    }
    static const std::set<std::string> kCompare = {"aten::eq", "aten::ne", "aten::lt",
                                                   "aten::gt", "aten::le", "aten::ge"};
    static const std::set<std::string> kArith = {"aten::add",      "aten::sub", "aten::mul",
                                                 "aten::floordiv", "aten::div", "aten::neg",
                                                 "aten::remainder"};
    const bool scalarArgs = n->inputs().size() >= 1 && !isLayer(n, 0) &&
                            (n->inputs().size() < 2 || !isLayer(n, 1)) &&
                            n->output()->type()->kind() != c10::TypeKind::TensorType;
    if (!scalarArgs || (!kCompare.count(op) && !kArith.count(op)))
        return false;
    const Sym& a = sym(n->input(0), n);
    const bool ints = a.kind == Sym::Kind::Int &&
                      (n->inputs().size() < 2 || sym(n->input(1), n).kind == Sym::Kind::Int);
    if (kCompare.count(op)) {
        const auto compare = [&op](auto x, auto y) {
            return op == "aten::eq"   ? x == y
                   : op == "aten::ne" ? x != y
                   : op == "aten::lt" ? x < y
                   : op == "aten::gt" ? x > y
                   : op == "aten::le" ? x <= y
                                      : x >= y;
        };
        setConst(c10::IValue(ints ? compare(intIn(n, 0), intIn(n, 1))
                                  : compare(numberIn(n, 0), numberIn(n, 1))));
        return true;
    }
    if (op == "aten::neg") {
        if (ints)
            setInt(-intIn(n, 0));
        else
            setConst(c10::IValue(-numberIn(n, 0)));
        return true;
    }
    if (ints && op != "aten::div") {
        const int64_t x = intIn(n, 0);
        const int64_t y = intIn(n, 1);
        int64_t r = 0;
        bool overflow = false;
        if (op == "aten::add")
            overflow = __builtin_add_overflow(x, y, &r);
        else if (op == "aten::sub")
            overflow = __builtin_sub_overflow(x, y, &r);
        else if (op == "aten::mul")
            overflow = __builtin_mul_overflow(x, y, &r);
        else if (y == 0)
            fail(n, "integer division by zero");
        else if (op == "aten::floordiv")
            r = x / y - ((x % y != 0) && ((x < 0) != (y < 0)) ? 1 : 0);
        else
            r = x % y + ((x % y != 0) && ((x < 0) != (y < 0)) ? y : 0);
        if (overflow)
            fail(n, "integer overflow");
        setInt(r);
        return true;
    }
    const double x = numberIn(n, 0);
    const double y = numberIn(n, 1);
    double r = op == "aten::add"   ? x + y
               : op == "aten::sub" ? x - y
               : op == "aten::mul" ? x * y
                                   : (y == 0.0 ? NAN : x / y);
    if (op == "aten::floordiv")
        r = std::floor(x / y);
    if (op == "aten::remainder")
        r = x - std::floor(x / y) * y;
    if (!std::isfinite(r))
        fail(n, "arithmetic gives a non-finite value");
    setConst(c10::IValue(r));
    return true;
}

} // namespace bdl::core::torchscript_detail
