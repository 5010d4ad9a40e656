/**
 * A small library of application materials shared by many guides, so each
 * guide names what it needs in one line. Application forms get a generated
 * blank form and a filled sample.
 */
import type { Material } from '../../shared/content';
import type { DemoContext } from './context';
import { formSvg, type FormField } from './forms';

type Options = Partial<Pick<Material, 'requirement' | 'condition' | 'form' | 'source' | 'sourceDetail' | 'notes'>>;

/** Original only, copy only, or both, with counts that satisfy the schema's rules. */
export function material(
  name: string,
  originalOrCopy: Material['originalOrCopy'],
  options: Options & { originals?: number; copies?: number } = {},
): Material {
  const originals = originalOrCopy === 'copy' ? 0 : (options.originals ?? 1);
  const copies = originalOrCopy === 'original' ? 0 : (options.copies ?? 1);
  return {
    name,
    requirement: options.requirement ?? (options.condition ? 'conditional' : 'required'),
    condition: options.condition ?? '',
    form: options.form ?? 'paper',
    originalOrCopy,
    originals,
    copies,
    source: options.source ?? 'applicant',
    sourceDetail: options.sourceDetail ?? (options.source === 'department' ? '' : '申请人自备'),
    notes: options.notes ?? '',
  };
}

const issuedBy = (sourceDetail: string): Options => ({ source: 'department', sourceDetail });

export function createMaterialLibrary(ctx: DemoContext) {
  const forms = new Map<string, Pick<Material, 'blankForm' | 'sample'>>();
  /** An application form with a blank form and a filled sample to download or look at. */
  const applicationForm = (title: string, fields: FormField[], options: Options = {}): Material => {
    let media = forms.get(title);
    if (!media) {
      media = {
        blankForm: ctx.media.addSvg(formSvg(title, fields, false), `${title}空白表格`),
        sample: ctx.media.addSvg(formSvg(title, fields, true), `${title}填写样例`),
      };
      forms.set(title, media);
    }
    return {
      ...material(title, 'original', { sourceDetail: '窗口领取或在本机查看空白表格', form: 'paper-or-electronic', ...options }),
      ...media,
    };
  };

  return {
    material,
    applicationForm,
    idCard: (who = '申请人', notes = '') =>
      material(`${who}居民身份证`, 'original', { ...issuedBy('公安机关核发'), notes: notes || '窗口核验原件后当场退还，无需复印' }),
    idCardCopy: (who = '申请人') =>
      material(`${who}居民身份证`, 'original-and-copy', { ...issuedBy('公安机关核发'), notes: '复印件正反面印在同一页' }),
    household: (who = '申请人') =>
      material(`${who}居民户口簿`, 'original-and-copy', { ...issuedBy('公安机关核发'), notes: '复印户主页和本人页' }),
    marriage: (condition?: string) =>
      material('结婚证', 'original-and-copy', { ...issuedBy('婚姻登记机关核发'), ...(condition ? { condition } : {}) }),
    photo: (count = 2, spec = '近期二寸免冠彩色照片') =>
      material(spec, 'original', { originals: count, notes: '白色或蓝色背景，不戴帽子' }),
    proxy: () =>
      applicationForm(
        '授权委托书',
        [
          { label: '受托人姓名', sample: '李四' },
          { label: '委托事项', sample: '代为办理申请及领取结果' },
        ],
        {
          condition: '委托他人代为办理的',
          notes: '同时提交受托人居民身份证原件',
        },
      ),
    bankAccount: () =>
      material('本人社会保障卡或银行账户信息', 'copy', { ...issuedBy('发卡银行或人社部门'), notes: '用于发放资金，须为申请人本人账户' }),
    businessLicense: () =>
      material('营业执照', 'original-and-copy', { ...issuedBy('市场监管部门核发'), notes: '已实现电子证照共享的，可免于提交' }),
    propertyCertificate: () => material('不动产权证书（或房屋所有权证、土地使用权证）', 'original', issuedBy('不动产登记机构核发')),
    disabilityCertificate: () => material('中华人民共和国残疾人证', 'original-and-copy', issuedBy('县残疾人联合会核发')),
    incomeStatement: () =>
      material('家庭收入和财产状况声明及授权核对书', 'original', {
        sourceDetail: '窗口领取，申请人及家庭成员签字',
        notes: '授权民政部门核对家庭经济状况',
      }),
  };
}

export type MaterialLibrary = ReturnType<typeof createMaterialLibrary>;
