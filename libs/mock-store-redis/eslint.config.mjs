import baseConfig from '../../tools/eslint/base.config.mjs';

export default [...baseConfig];
