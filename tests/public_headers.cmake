# The public headers name nothing internal: fails (exit 1) when the word `detail` appears in any
# installed header (interpreter/include/kadenz/*, the generated version.hpp), comments included:
# a host reads them, and kadenz::detail is not theirs. And they include nothing but each other
# and the standard library: a host that has only the kadenz package installed (no fmt, no PEGTL,
# no utf8proc headers) must be able to compile them, which a build machine that has those
# headers in /usr/include cannot show by compiling alone. Run by ctest (tests/CMakeLists.txt):
#   cmake -DHEADERS="a.hpp;b.hpp" -P tests/public_headers.cmake
if(NOT HEADERS)
  message(FATAL_ERROR "public_headers.cmake: no HEADERS given")
endif()
set(found 0)
foreach(header IN LISTS HEADERS)
  # One list element per line: `;`, `[` and `]` would split or join CMake list elements.
  file(READ "${header}" text)
  string(REGEX REPLACE "[][;]" "_" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(number 0)
  foreach(line IN LISTS lines)
    math(EXPR number "${number} + 1")
    # The word alone: `detail`, `detail::`, `namespace detail`, not `detailed` or `details`.
    if(" ${line} " MATCHES "[^A-Za-z0-9_]detail[^A-Za-z0-9_]")
      message(STATUS "${header}:${number}: ${line}")
      math(EXPR found "${found} + 1")
    endif()
    # `#include <kadenz/…>` or a standard header (<name> or <name.h> of the C library, no path);
    # anything else (a quoted include, <fmt/…>, <tao/…>, <utf8proc.h>) is not in the package.
    if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*(.*)$")
      set(target "${CMAKE_MATCH_1}")
      if(NOT target MATCHES "^<kadenz/[a-z_]+\\.(hpp|h)>" AND NOT target MATCHES "^<(std(def|int|bool|io|lib)\\.h|[a-z_]+)>")
        message(STATUS "${header}:${number}: includes ${target}, which is not part of the package")
        math(EXPR found "${found} + 1")
      endif()
    endif()
  endforeach()
endforeach()
list(LENGTH HEADERS count)
if(found GREATER 0)
  message(FATAL_ERROR "${found} line(s) of the public headers name `detail` or include a header outside the package: internal names and other libraries' headers must not be reachable from a public header")
endif()
message(STATUS "${count} public headers, none names `detail` or includes a header outside the package")
