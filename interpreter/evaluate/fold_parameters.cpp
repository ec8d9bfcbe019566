// Evaluate stage, run at compile time: folds a program's parameters into constant slots. The
// pipeline (compile_policy.cpp) calls it between compile_nodes and compile_code.
#include "interpreter/evaluate/walker.hpp"

#include "stdlib/catalogue.hpp"

namespace kadenz::detail {

std::vector<Diagnostic> fold_parameters(Program& program) {
  const std::vector<std::uint32_t>& parameter_nodes = program.parameter_nodes;
  Frame frame;
  prepare_frame(program, frame);
  Walker m(program, frame);
  program.parameter_texts.assign(parameter_nodes.size(), std::string());
  std::vector<Diagnostic> faults;
  // Parameters may use parameters declared after them (the checker rules out cycles), so
  // fold in as many passes as there are parameters: the last pass sees every value final.
  for (std::size_t pass = 0; pass < parameter_nodes.size(); ++pass) {
    faults.clear();
    for (std::size_t i = 0; i < parameter_nodes.size(); ++i) {
      const std::uint32_t slot = program.parameter_slots[i];
      Value v;
      try {
        v = m.eval(parameter_nodes[i]);
      } catch (const Fault& f) {
        faults.push_back(diagnostic(program.voice, Msg::bad_parameter, Severity::error, f.span,
                                    {program.parameter_names[i], say(program.voice, f.what)}));
      }
      if (program.nodes[parameter_nodes[i]].arg_type == BaseType::text) {
        program.parameter_texts[i].assign(v.p ? v.p : "", v.n);
        v.p = program.parameter_texts[i].data();
      }
      program.constant_slots[slot] = v;
      frame.slots[slot] = v;
    }
  }
  return faults;
}

}  // namespace kadenz::detail
